{{/* The chart's name, overridable. */}}
{{- define "eci-virtual-kubelet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the prefix of every object's name. */}}
{{- define "eci-virtual-kubelet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "eci-virtual-kubelet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "eci-virtual-kubelet.labels" -}}
helm.sh/chart: {{ include "eci-virtual-kubelet.chart" . }}
{{ include "eci-virtual-kubelet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the controller Pods. */}}
{{- define "eci-virtual-kubelet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "eci-virtual-kubelet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "eci-virtual-kubelet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "eci-virtual-kubelet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create=false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- /* The install's identity: it serves only the VirtualNodes labelled ecivk.dev/install=<this>. */}}
{{- define "eci-virtual-kubelet.installName" -}}
{{- default (printf "%s.%s" .Release.Name .Release.Namespace) .Values.installName | lower | trunc 63 | trimSuffix "-" | trimSuffix "." }}
{{- end }}

{{- define "eci-virtual-kubelet.nodeName" -}}
{{- default (include "eci-virtual-kubelet.fullname" .) .Values.nodeName }}
{{- end }}

{{/* Name of the metrics Service (the ServiceMonitor selects it by the component label). */}}
{{- define "eci-virtual-kubelet.metricsServiceName" -}}
{{- printf "%s-metrics" (include "eci-virtual-kubelet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "eci-virtual-kubelet.kubeletServiceName" -}}
{{- printf "%s-kubelet" (include "eci-virtual-kubelet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Secret with the AccessKey: the user's existing one, or the one the chart creates. */}}
{{- define "eci-virtual-kubelet.accessKeySecretName" -}}
{{- if .Values.eci.accessKey.existingSecret }}
{{- .Values.eci.accessKey.existingSecret }}
{{- else }}
{{- printf "%s-credentials" (include "eci-virtual-kubelet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "eci-virtual-kubelet.huaweiSecretName" -}}
{{- if .Values.vm.huawei.accessKey.existingSecret }}
{{- .Values.vm.huawei.accessKey.existingSecret }}
{{- else }}
{{- printf "%s-huawei-credentials" (include "eci-virtual-kubelet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "eci-virtual-kubelet.huaweiKeyEnabled" -}}
{{- if or .Values.vm.huawei.accessKey.existingSecret (and .Values.vm.huawei.accessKey.ak .Values.vm.huawei.accessKey.sk) }}true{{- end }}
{{- end }}

{{- define "eci-virtual-kubelet.accessKeyEnabled" -}}
{{- if or .Values.eci.accessKey.existingSecret (and .Values.eci.accessKey.id .Values.eci.accessKey.secret) }}true{{- end }}
{{- end }}

{{/*
Where the kubelet serving certificate comes from: existingSecret | certManager | generate | self (the controller
makes one at start).
*/}}
{{- define "eci-virtual-kubelet.tlsSource" -}}
{{- if .Values.kubelet.tls.existingSecret }}existingSecret
{{- else if .Values.kubelet.tls.certManager.enabled }}certManager
{{- else if .Values.kubelet.tls.generate }}generate
{{- else }}self
{{- end }}
{{- end }}

{{- define "eci-virtual-kubelet.tlsSecretName" -}}
{{- if .Values.kubelet.tls.existingSecret }}
{{- .Values.kubelet.tls.existingSecret }}
{{- else }}
{{- printf "%s-kubelet-tls" (include "eci-virtual-kubelet.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* DNS names the kubelet serving certificate covers. */}}
{{- define "eci-virtual-kubelet.kubeletDnsNames" -}}
{{- $svc := include "eci-virtual-kubelet.kubeletServiceName" . -}}
{{- list (include "eci-virtual-kubelet.nodeName" .) $svc (printf "%s.%s" $svc .Release.Namespace) (printf "%s.%s.svc" $svc .Release.Namespace) | toJson }}
{{- end }}

{{/* Fails the render on a configuration that cannot work, naming the value to fix. */}}
{{- define "eci-virtual-kubelet.validate" -}}
{{- if not (has .Values.provider (list "simulator" "eci" "ecs" "huawei-ecs")) }}
{{- fail (printf "provider must be simulator, eci, ecs or huawei-ecs, not %q" .Values.provider) }}
{{- end }}
{{- if and (has .Values.provider (list "ecs" "huawei-ecs")) .Values.vm.endpoint }}
{{- if or (empty .Values.eci.vSwitchIds) (empty .Values.eci.securityGroupId) (empty .Values.vm.imageId) (empty .Values.vm.vSwitchZones) }}
{{- fail (printf "provider=%s with vm.endpoint needs eci.vSwitchIds, eci.securityGroupId, vm.imageId and vm.vSwitchZones" .Values.provider) }}
{{- end }}
{{- end }}
{{- if eq .Values.provider "eci" }}
{{- if empty .Values.eci.vSwitchIds }}
{{- fail "provider=eci needs eci.vSwitchIds" }}
{{- end }}
{{- if empty .Values.eci.securityGroupId }}
{{- fail "provider=eci needs eci.securityGroupId" }}
{{- end }}
{{- if and (not (include "eci-virtual-kubelet.accessKeyEnabled" .)) (empty .Values.eci.ramRoleName) }}
{{- fail "provider=eci needs credentials: eci.accessKey.id and eci.accessKey.secret, eci.accessKey.existingSecret, or eci.ramRoleName" }}
{{- end }}
{{- end }}
{{- if and .Values.eci.accessKey.id (not .Values.eci.accessKey.secret) }}
{{- fail "eci.accessKey.id needs eci.accessKey.secret" }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 needs leaderElection.enabled=true: two controllers must never drive the same node" }}
{{- end }}
{{- end }}
