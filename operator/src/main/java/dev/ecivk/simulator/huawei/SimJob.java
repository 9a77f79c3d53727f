package dev.ecivk.simulator.huawei;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An asynchronous ECS task ({@code GET /v1/{project_id}/jobs/{job_id}}): a create or delete job with one sub-job
 * per server. Its status follows its sub-jobs: {@code INIT} until one starts, {@code RUNNING} until all end, then
 * {@code SUCCESS}, or {@code FAIL} with the first failed sub-job's code. Mutated only under the store's lock.
 */
final class SimJob {
    static final String INIT = "INIT";
    static final String RUNNING = "RUNNING";
    static final String SUCCESS = "SUCCESS";
    static final String FAIL = "FAIL";

    final String id;
    final String type;
    final Instant begin;
    final List<SubJob> subJobs = new ArrayList<>();

    SimJob(String id, String type, Instant begin) {
        this.id = id;
        this.type = type;
        this.begin = begin;
    }

    /** One server's part of a job. */
    static final class SubJob {
        final String id;
        final String type;
        final String serverId;
        final Instant begin;
        /** Whether the sub-job names its server yet (a create names it once the server is scheduled). */
        boolean serverKnown;

        String status = INIT;
        Instant end;
        String errorCode;
        String failReason;

        SubJob(String id, String type, String serverId, Instant begin, boolean serverKnown) {
            this.id = id;
            this.type = type;
            this.serverId = serverId;
            this.begin = begin;
            this.serverKnown = serverKnown;
        }

        boolean finished() {
            return status.equals(SUCCESS) || status.equals(FAIL);
        }

        void running() {
            if (!finished()) {
                status = RUNNING;
                serverKnown = true;
            }
        }

        void succeed(Instant at) {
            if (!finished()) {
                status = SUCCESS;
                end = at;
                serverKnown = true;
            }
        }

        void fail(Instant at, String code, String reason) {
            if (!finished()) {
                status = FAIL;
                end = at;
                errorCode = code;
                failReason = reason;
            }
        }
    }

    String status() {
        boolean allFinished = subJobs.stream().allMatch(SubJob::finished);
        if (allFinished) {
            return subJobs.stream().anyMatch(s -> s.status.equals(FAIL)) ? FAIL : SUCCESS;
        }
        return subJobs.stream().anyMatch(s -> !s.status.equals(INIT)) ? RUNNING : INIT;
    }

    Instant end() {
        if (!subJobs.stream().allMatch(SubJob::finished)) {
            return null;
        }
        return subJobs.stream().map(s -> s.end).max(Instant::compareTo).orElse(begin);
    }

    SubJob firstFailure() {
        return subJobs.stream().filter(s -> s.status.equals(FAIL)).findFirst().orElse(null);
    }
}
