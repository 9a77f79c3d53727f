package dev.ecivk.simulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.simulator.SimCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The lifecycle engine of the embedded Huawei ECS: servers, jobs, quotas, zone stock, client tokens. Every method
 * takes the current time; {@link #advance} applies the transitions due by then (the simulator calls it on a timer and
 * before answering, tests with a clock they move by hand). The boot hook runs on {@code bootExecutor}, in order.
 */
final class ServerStore {
    static final Duration JOB_RETENTION = Duration.ofHours(24);

    private final HuaweiSimSettings settings;
    private final FaultRules faults;
    private final SimCounters counters;
    private final BootRunner boots;
    private final Map<String, SimServer> servers = new LinkedHashMap<>();
    private final Map<String, SimJob> jobs = new LinkedHashMap<>();
    private final Map<String, Integer> zoneStock;
    private final AddressPool addresses;
    private final ClientTokens tokens;
    private HuaweiSimSettings.Quotas quotas;

    ServerStore(HuaweiSimSettings settings, FaultRules faults, SimCounters counters, Executor bootExecutor) {
        this.settings = settings;
        this.faults = faults;
        this.counters = counters;
        this.boots = new BootRunner(settings.bootHook(), bootExecutor);
        this.zoneStock = new LinkedHashMap<>(settings.zoneStock());
        this.addresses = new AddressPool(settings.subnets());
        this.tokens = new ClientTokens(settings.tokenValidity());
        this.quotas = settings.quotas();
    }

    /** Accepts a create: a job with one sub-job per server; answers {@code job_id} and {@code serverIds}. */
    synchronized Map<String, Object> create(ServerSpec spec, JsonNode body, String token, Instant now) {
        advance(now);
        if (token != null) {
            Map<String, Object> earlier = tokens.replay(token, body, now);
            if (earlier != null) {
                counters.duplicateCreatePrevented();
                return earlier;
            }
        }
        checkQuota(spec);
        SimJob job = new SimJob(newJobId(), "createServer", now);
        jobs.put(job.id, job);
        List<String> ids = new ArrayList<>();
        Instant scheduleAt = now.plus(settings.scheduleDelay());
        Instant activeAt = scheduleAt.plus(settings.buildTime());
        for (int i = 0; i < spec.count(); i++) {
            String id = UUID.randomUUID().toString();
            String name =
                    spec.count() > 1 && spec.autoRename() ? String.format("%s-%04d", spec.name(), i + 1) : spec.name();
            servers.put(id, new SimServer(id, name, spec, job.id, i, now, scheduleAt, activeAt));
            job.subJobs.add(new SimJob.SubJob(newJobId(), "createSingleServer", id, now, false));
            ids.add(id);
        }
        ids.forEach(i -> counters.created());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("job_id", job.id);
        answer.put("serverIds", ids);
        if (token != null) {
            tokens.remember(token, body, answer, now);
        }
        return answer;
    }

    private void checkQuota(ServerSpec spec) {
        long instances = spec.count();
        long cores = (long) spec.count() * spec.flavor().vcpus();
        long ram = (long) spec.count() * spec.flavor().ramMiB();
        for (SimServer s : servers.values()) {
            if (s.live()) {
                instances++;
                cores += s.spec.flavor().vcpus();
                ram += s.spec.flavor().ramMiB();
            }
        }
        if (instances > quotas.instances() || cores > quotas.cores() || ram > quotas.ramMiB()) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0001",
                    "Quota exceeded: this request needs " + instances + " instances, " + cores + " vCPUs and " + ram
                            + " MB of memory; the quota is " + quotas.instances() + ", " + quotas.cores() + " and "
                            + quotas.ramMiB() + ".");
        }
    }

    /** Starts deleting servers: one job, a sub-job each; unknown ids answer {@code Ecs.0114}. */
    synchronized Map<String, Object> delete(List<String> ids, Instant now) {
        advance(now);
        for (String id : ids) {
            SimServer s = servers.get(id);
            if (s == null || !s.listed()) {
                throw HuaweiApiException.of("Ecs.0114", "Instance[" + id + "] could not be found.");
            }
            if (s.locked) {
                throw HuaweiApiException.of("Ecs.0605", "Instance[" + id + "] is locked.");
            }
        }
        SimJob job = new SimJob(newJobId(), "deleteServer", now);
        jobs.put(job.id, job);
        for (String id : ids) {
            SimServer s = servers.get(id);
            if (s.deleteAt == null) {
                s.deleteAt = now.plus(settings.deleteTime());
                s.taskState = "deleting";
                s.updated = now;
            }
            s.deleteJobId = job.id;
            SimJob.SubJob sub = new SimJob.SubJob(newJobId(), "deleteSingleServer", id, now, true);
            sub.running();
            job.subJobs.add(sub);
        }
        return Map.of("job_id", job.id);
    }

    synchronized Map<String, Object> job(String id, Instant now) {
        advance(now);
        SimJob j = jobs.get(id);
        if (j == null) {
            throw HuaweiApiException.badRequest("Common.0011", "Invalid JobId: " + id + ".");
        }
        return ServerJson.job(j);
    }

    synchronized Map<String, Object> show(String id, Instant now) {
        advance(now);
        SimServer s = servers.get(id);
        if (s == null || !s.visible()) {
            throw HuaweiApiException.of("Ecs.0114", "Instance[" + id + "] could not be found.");
        }
        return Map.of("server", ServerJson.server(s, settings));
    }

    /** The batch query by id: known servers in full (deleted ones too), unknown ids as {@code id} and {@code fault}. */
    synchronized Map<String, Object> byIds(List<String> ids, Instant now) {
        advance(now);
        List<Object> out = new ArrayList<>();
        for (String id : ids) {
            SimServer s = servers.get(id);
            out.add(s != null && s.visible() ? ServerJson.server(s, settings) : ServerJson.unknownServer(id, now));
        }
        return Map.of("count", out.size(), "servers", out);
    }

    /** One page of the servers matching {@code q}, newest first; {@code count} is the number of matches. */
    synchronized Map<String, Object> list(ServerQuery q, Instant now) {
        advance(now);
        List<SimServer> ordered = servers.values().stream()
                .filter(SimServer::listed)
                .filter(q::matches)
                .sorted(Comparator.comparing((SimServer s) -> s.created)
                        .reversed()
                        .thenComparing(s -> s.id))
                .collect(Collectors.toList());
        int from;
        if (q.marker() != null) {
            int at = -1;
            for (int i = 0; i < ordered.size() && at < 0; i++) {
                at = ordered.get(i).id.equals(q.marker()) ? i : -1;
            }
            if (at < 0) {
                throw HuaweiApiException.badRequest(
                        "Ecs.0005", "Invalid parameters: marker " + q.marker() + " is not a listed server.");
            }
            from = at + 1;
        } else {
            from = (Math.max(1, q.page()) - 1) * q.limit();
        }
        List<Object> page = new ArrayList<>();
        for (int i = from; i < ordered.size() && page.size() < q.limit(); i++) {
            page.add(ServerJson.server(ordered.get(i), settings));
        }
        return Map.of("count", ordered.size(), "servers", page);
    }

    /** Applies every transition due by {@code now}. */
    synchronized void advance(Instant now) {
        List<String> vanished = new ArrayList<>();
        for (SimServer s : servers.values()) {
            if (s.status.equals(SimServer.SCHEDULING) && !now.isBefore(s.scheduleAt)) {
                schedule(s);
            }
            if (s.status.equals(SimServer.BUILD) && !now.isBefore(s.activeAt) && s.deleteAt == null) {
                s.status = SimServer.ACTIVE;
                s.taskState = null;
                s.launchedAt = s.activeAt;
                s.updated = s.activeAt;
                subJob(s).succeed(s.activeAt);
                boots.boot(s);
            }
            if (s.deleteAt != null && !s.status.equals(SimServer.DELETED) && !now.isBefore(s.deleteAt)) {
                finishDelete(s);
            }
            if (s.status.equals(SimServer.DELETED) && now.isAfter(s.deletedAt.plus(settings.deletedRetention()))) {
                vanished.add(s.id);
            }
            if (s.status.equals(SimServer.SCHEDULING) && s.fault != null) {
                vanished.add(s.id); // a failed create rolls back: the server never appears
            }
        }
        vanished.forEach(servers::remove);
        jobs.values().removeIf(j -> j.end() != null && now.isAfter(j.end().plus(JOB_RETENTION)));
    }

    private void schedule(SimServer s) {
        String zone = s.spec.zone();
        HuaweiFault injected = faults.onCreateJob(zone, s.spec.flavor().id());
        String failCode = null;
        String reason = null;
        if (injected != null) {
            failCode = injected.code();
            reason = injected.message();
        } else if (zoneFull(zone)) {
            failCode = "Ecs.0319";
            reason = "The flavor " + s.spec.flavor().id() + " has insufficient capacity in " + zone + ".";
        } else {
            s.ip = addresses.take(s.spec.subnetId(), s.spec.fixedIp());
            if (s.ip == null) {
                failCode = "Ecs.0012";
                reason = "The subnet " + s.spec.subnetId() + " has no free IP address.";
            }
        }
        if (failCode != null) {
            s.fault = ServerJson.fault(500, reason, s.scheduleAt);
            s.taskState = null;
            subJob(s).fail(s.scheduleAt, failCode, reason);
            return;
        }
        byte[] mac = new byte[3];
        ThreadLocalRandom.current().nextBytes(mac);
        s.mac = "fa:16:3e:" + HexFormat.ofDelimiter(":").formatHex(mac);
        s.portId = UUID.randomUUID().toString();
        s.status = SimServer.BUILD;
        s.taskState = "spawning";
        s.updated = s.scheduleAt;
        subJob(s).running();
    }

    private boolean zoneFull(String zone) {
        Integer stock = zoneStock.get(zone);
        if (stock == null) {
            return false;
        }
        long used = servers.values().stream()
                .filter(x -> x.live()
                        && !x.status.equals(SimServer.SCHEDULING)
                        && x.spec.zone().equals(zone))
                .count();
        return used >= stock;
    }

    private void finishDelete(SimServer s) {
        Instant at = s.deleteAt;
        boots.shutdown(s);
        s.status = SimServer.DELETED;
        s.taskState = null;
        s.terminatedAt = at;
        s.deletedAt = at;
        s.updated = at;
        addresses.release(s.spec.subnetId(), s.ip);
        subJob(s).fail(at, "Ecs.0204", "The server was deleted while it was being created.");
        SimJob deleteJob = jobs.get(s.deleteJobId);
        if (deleteJob != null) {
            deleteJob.subJobs.stream().filter(sub -> sub.serverId.equals(s.id)).forEach(sub -> sub.succeed(at));
        }
    }

    private SimJob.SubJob subJob(SimServer s) {
        SimJob job = jobs.get(s.createJobId);
        // a job past its retention is gone: a detached sub-job takes the update harmlessly
        return job == null ? new SimJob.SubJob("", "", s.id, s.created, true) : job.subJobs.get(s.subJobIndex);
    }

    private static String newJobId() {
        return "ff80808" + UUID.randomUUID().toString().replace("-", "").substring(7);
    }

    // ---- admin: what someone else (or the cloud) does to a server ----

    synchronized SimServer require(String id, Instant now) {
        advance(now);
        SimServer s = servers.get(id);
        if (s == null || !s.listed()) {
            throw HuaweiApiException.of("Ecs.0114", "Instance[" + id + "] could not be found.");
        }
        return s;
    }

    /** Someone stopped the server from the console: {@code SHUTOFF}, its boot stopped. */
    synchronized void stop(String id, Instant now) {
        SimServer s = require(id, now);
        if (s.status.equals(SimServer.ACTIVE)) {
            boots.shutdown(s);
            s.status = SimServer.SHUTOFF;
            s.updated = now;
        }
    }

    synchronized void start(String id, Instant now) {
        SimServer s = require(id, now);
        if (s.status.equals(SimServer.SHUTOFF)) {
            s.status = SimServer.ACTIVE;
            s.updated = now;
            boots.boot(s);
        }
    }

    /** The cloud lost the server's host: {@code ERROR} with a {@code fault}. */
    synchronized void fail(String id, int code, String message, Instant now) {
        SimServer s = require(id, now);
        boots.shutdown(s);
        s.status = SimServer.ERROR;
        s.taskState = null;
        s.fault = ServerJson.fault(code, message, now);
        s.updated = now;
        subJob(s).fail(now, "Ecs.0204", message); // a server that fails while building fails its create job
    }

    synchronized void lock(String id, boolean locked, Instant now) {
        require(id, now).locked = locked;
    }

    /** The server disappears without a trace (e.g. deleted by hand, or a spot reclaim). */
    synchronized void vanish(String id, Instant now) {
        SimServer s = require(id, now);
        boots.shutdown(s);
        addresses.release(s.spec.subnetId(), s.ip);
        subJob(s).fail(now, "Ecs.0204", "The server disappeared while it was being created.");
        servers.remove(id);
    }

    synchronized void setStock(String zone, Integer stock) {
        if (stock == null) {
            zoneStock.remove(zone);
        } else {
            zoneStock.put(zone, stock);
        }
    }

    synchronized Map<String, Integer> stock() {
        return Map.copyOf(zoneStock);
    }

    synchronized void setQuotas(HuaweiSimSettings.Quotas q) {
        quotas = q;
    }

    synchronized HuaweiSimSettings.Quotas quotas() {
        return quotas;
    }

    /** Every accepted server (deleted ones within their retention too) with its status and tags. */
    synchronized List<Map<String, Object>> dump(Instant now) {
        advance(now);
        List<Map<String, Object>> out = new ArrayList<>();
        servers.values().forEach(s -> out.add(ServerJson.adminView(s)));
        return out;
    }

    /** Live servers (not deleted), for tests and the admin API. */
    synchronized long liveServers(Instant now) {
        advance(now);
        return servers.values().stream().filter(SimServer::live).count();
    }

    synchronized void reset() {
        servers.values().forEach(boots::shutdown);
        servers.clear();
        jobs.clear();
        tokens.reset();
        addresses.reset();
        zoneStock.clear();
        zoneStock.putAll(settings.zoneStock());
        quotas = settings.quotas();
    }
}
