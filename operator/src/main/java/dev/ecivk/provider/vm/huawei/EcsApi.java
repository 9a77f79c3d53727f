package dev.ecivk.provider.vm.huawei;

import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.TypeCasts;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.CredentialProviderChain;
import com.huaweicloud.sdk.core.auth.ICredential;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.RequestTimeoutException;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.exception.SslHandShakeException;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.VmCallListener;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The official Huawei Cloud ECS client ({@code huaweicloud-sdk-ecs}) with one addition, and every call's failure
 * turned into a classified {@link ProviderException} ({@link HuaweiEcsErrors}). The SDK signs with AK/SK
 * ({@code SDK-HMAC-SHA256}) and owns the transport; nothing here retries (the caller does, by failure class).
 *
 * <p>The addition: ListServersDetails takes {@code server_id} repeated ({@code server_id=a&server_id=b}, up to 100)
 * to describe a batch, but the SDK's request model has a single {@code server_id}. {@link #listByIds} sends the same
 * call with the SDK's own request machinery and a list-valued field.
 */
final class EcsApi {
    static final int MAX_IDS_PER_QUERY = 100;

    private final Client client;
    private final VmCallListener listener;

    EcsApi(HuaweiEcsSettings settings) {
        this.listener = settings.listener();
        HttpConfig http = HttpConfig.getDefaultHttpConfig()
                .withConnectionTimeout(
                        (int) Math.max(1, settings.connectTimeout().toSeconds()))
                .withReadTimeout((int) Math.max(1, settings.readTimeout().toSeconds()));
        this.client = new com.huaweicloud.sdk.core.ClientBuilder<>(Client::new)
                .withCredential(credentials(settings))
                .withEndpoints(List.of(settings.endpoint()))
                .withHttpConfig(http)
                .build();
    }

    private static ICredential credentials(HuaweiEcsSettings settings) {
        if (settings.accessKeyId() != null) {
            return new BasicCredentials()
                    .withAk(settings.accessKeyId())
                    .withSk(settings.secretAccessKey())
                    .withProjectId(settings.projectId());
        }
        ICredential chained =
                CredentialProviderChain.getBasicCredentialProviderChain().getCredentials();
        if (chained instanceof BasicCredentials basic && settings.projectId() != null) {
            basic.setProjectId(settings.projectId());
        }
        return chained;
    }

    EcsClient ecs() {
        return client;
    }

    /** ListServersDetails for these ids (at most {@link #MAX_IDS_PER_QUERY}). */
    ListServersDetailsResponse listByIds(List<String> ids) {
        return client.listByIds(new ServerIdsQuery(ids));
    }

    /**
     * Runs one SDK call; its failure becomes a {@link ProviderException} of {@code action} classified by the code
     * the cloud answered. {@code byId}: the call addressed one server or job, so a 404 means it is gone. The listener
     * hears of every call, whatever its end.
     */
    <T> T call(String action, boolean byId, Supplier<T> call) throws ProviderException {
        long start = System.nanoTime();
        try {
            T result = call.get();
            listener.onCall(HuaweiEcsCloud.KIND, action, VmCallListener.SUCCESS, null, System.nanoTime() - start);
            return result;
        } catch (RuntimeException e) {
            ProviderException failure = translate(action, byId, e);
            listener.onCall(
                    HuaweiEcsCloud.KIND,
                    action,
                    HuaweiEcsErrors.THROTTLING.contains(failure.code())
                            ? VmCallListener.THROTTLED
                            : failure.failureClass().name().toLowerCase(Locale.ROOT),
                    failure.code(),
                    System.nanoTime() - start);
            throw failure;
        }
    }

    private static ProviderException translate(String action, boolean byId, RuntimeException failure) {
        if (failure instanceof ServiceResponseException e) {
            String code = e.getErrorCode() == null ? "HTTP" + e.getHttpStatusCode() : e.getErrorCode();
            return new ProviderException(
                    HuaweiEcsErrors.classify(e.getHttpStatusCode(), e.getErrorCode(), byId),
                    code,
                    action,
                    e.getErrorMsg() + (e.getRequestId() == null ? "" : " (request " + e.getRequestId() + ")"),
                    e);
        }
        if (failure instanceof SslHandShakeException e) {
            return new ProviderException(
                    FailureClass.PERMANENT, "TlsHandshakeFailed", action, String.valueOf(e.getMessage()), e);
        }
        if (failure instanceof ConnectionException || failure instanceof RequestTimeoutException) {
            return new ProviderException(
                    FailureClass.TRANSIENT, "ConnectionError", action, String.valueOf(failure.getMessage()), failure);
        }
        if (failure instanceof SdkException e) {
            return new ProviderException(
                    FailureClass.PERMANENT, "ClientError", action, String.valueOf(e.getMessage()), e);
        }
        throw failure;
    }

    /** The request of {@link #listByIds}. */
    static final class ServerIdsQuery {
        private List<String> serverId;

        ServerIdsQuery(List<String> serverId) {
            this.serverId = List.copyOf(serverId);
        }

        List<String> getServerId() {
            return serverId;
        }

        void setServerId(List<String> v) {
            serverId = v;
        }
    }

    static final HttpRequestDef<ServerIdsQuery, ListServersDetailsResponse> LIST_BY_IDS = HttpRequestDef.builder(
                    HttpMethod.GET, ServerIdsQuery.class, ListServersDetailsResponse.class)
            .withName("ListServersDetails")
            .withUri("/v1/{project_id}/cloudservers/detail")
            .withContentType("application/json")
            .<List<String>>withRequestField(
                    "server_id",
                    LocationType.Query,
                    FieldExistence.NULL_IGNORE,
                    TypeCasts.uncheckedConversion(List.class),
                    f -> f.withMarshaller(ServerIdsQuery::getServerId, ServerIdsQuery::setServerId))
            .build();

    /** The SDK's ECS client, plus the batch query by id on the same signed transport. */
    static final class Client extends EcsClient {
        Client(HcClient hcClient) {
            super(hcClient);
        }

        ListServersDetailsResponse listByIds(ServerIdsQuery query) {
            return hcClient.syncInvokeHttp(query, LIST_BY_IDS);
        }
    }
}
