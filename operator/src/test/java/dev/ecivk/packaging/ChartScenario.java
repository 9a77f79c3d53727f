package dev.ecivk.packaging;

/** One values file of the chart's test matrix. */
enum ChartScenario {
    DEFAULTS(""),
    ECI_WITH_SECRET("""
            provider: eci
            eci:
              region: cn-shanghai
              vSwitchIds: [vsw-a, vsw-b]
              securityGroupId: sg-1
              accessKey:
                id: LTAI-test-id
                secret: test-secret
            """),
    ECI_WITH_EXISTING_SECRET("""
            provider: eci
            eci:
              vSwitchIds: [vsw-a]
              securityGroupId: sg-1
              accessKey:
                existingSecret: my-access-key
                idKey: id
                secretKey: secret
            """),
    ECI_WITH_RAM_ROLE("""
            provider: eci
            eci:
              vSwitchIds: [vsw-a]
              securityGroupId: sg-1
              ramRoleName: ecivk-role
            """),
    ECS_VMS("""
            provider: ecs
            eci:
              region: cn-hangzhou
              vSwitchIds: [vsw-a, vsw-b]
              securityGroupId: sg-1
              accessKey:
                existingSecret: my-access-key
            vm:
              endpoint: ecs-vpc.cn-hangzhou.aliyuncs.com
              imageId: m-agent-image
              vSwitchZones: [vsw-a=cn-hangzhou-h, vsw-b=cn-hangzhou-i]
              systemDiskGiB: 60
            """),
    HUAWEI_VMS("""
            provider: huawei-ecs
            eci:
              region: cn-north-4
              vSwitchIds: [8d2e6f3b-1a5c-4b7d-8e9f-0a1b2c3d4e5f]
              securityGroupId: 5c3d7e4f-2b6a-4c8e-9f0a-1b2c3d4e5f6a
            vm:
              endpoint: https://ecs.cn-north-4.myhuaweicloud.com
              vpcId: 3b1f5e2a-7c4d-4e8f-9a0b-1c2d3e4f5a6b
              imageId: 9e4f8a5b-3c7d-4e9f-8a0b-1c2d3e4f5a6c
              vSwitchZones: [8d2e6f3b-1a5c-4b7d-8e9f-0a1b2c3d4e5f=cn-north-4a]
              huawei:
                accessKey:
                  ak: HW-test-ak
                  sk: hw-test-sk
                projectId: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
            """),
    TWO_REPLICAS("replicaCount: 2\n"),
    SERVICE_MONITOR("""
            metrics:
              serviceMonitor:
                enabled: true
              prometheusRule:
                enabled: true
              dashboards:
                enabled: true
            """),
    CERT_MANAGER("""
            kubelet:
              tls:
                certManager:
                  enabled: true
            """),
    CONTROLLER_SELF_SIGNED("""
            kubelet:
              tls:
                generate: false
                clientCA:
                  existingSecret: apiserver-kubelet-client-ca
            clusterDns: 10.96.0.10
            nodeHostname: vk.example.com
            nodeExternalIp: 203.0.113.7
            jvmOptions: -XX:+ExitOnOutOfMemoryError
            extraEnv:
              - name: EXTRA
                value: "1"
            """),
    /** Every optional value set at once. */
    EVERYTHING_SET("""
            provider: eci
            nodeName: vk-everything
            virtualNodeSelector: shard=a
            eci:
              endpoint: eci-vpc.cn-hangzhou.aliyuncs.com
              vSwitchIds: [vsw-a]
              vSwitchStrategy: random
              securityGroupId: sg-1
              resourceGroupId: rg-1
              ramRoleName: ecivk-role
            kubelet:
              tls:
                existingSecret: my-kubelet-tls
            priorityClassName: system-cluster-critical
            podAnnotations:
              example.com/team: platform
            imagePullSecrets:
              - name: registry
            """);

    static final String RELEASE = "ecivk";
    static final String NAMESPACE = "ecivk-system";
    static final String FULLNAME = "ecivk-eci-virtual-kubelet";

    final String values;

    ChartScenario(String values) {
        this.values = values;
    }
}
