package dev.ecivk.kubeletapi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Joins a client's exec stream (SPDY or WebSocket, the {@link Frontend}) to the provider's exec session. Either side
 * may attach first; what arrives before the other side is there is queued. The session ends once, with the status
 * the backend sent on its error channel, or a synthesised one if it closed without.
 */
final class ExecBridge implements BackendExecSession.Listener {

    /** The client side: where output and the final status go. */
    interface Frontend {
        void stdout(byte[] data);

        void stderr(byte[] data);

        /** Writes the metav1.Status and ends the client's session. */
        void finish(byte[] status);
    }

    private BackendExecSession backend;
    private final List<Consumer<BackendExecSession>> toBackend = new ArrayList<>();
    private Frontend frontend;
    private final List<Consumer<Frontend>> toFrontend = new ArrayList<>();
    private boolean finished;

    synchronized void attachBackend(BackendExecSession session) {
        backend = session;
        if (finished) {
            session.close();
            return;
        }
        toBackend.forEach(action -> action.accept(session));
        toBackend.clear();
    }

    synchronized void attachFrontend(Frontend client) {
        frontend = client;
        toFrontend.forEach(action -> action.accept(client));
        toFrontend.clear();
    }

    void stdin(byte[] data) {
        backend(session -> session.sendStdin(data));
    }

    void closeStdin() {
        backend(BackendExecSession::closeStdin);
    }

    void resize(int width, int height) {
        backend(session -> session.resize(width, height));
    }

    /** The client went away: end the backend session too. */
    synchronized void clientGone() {
        finished = true;
        if (backend != null) {
            backend.close();
        }
    }

    /** The backend could not be reached: report it on the error channel. */
    void failed(String reason, String message) {
        finish(ExecStatus.failure(reason, message));
    }

    synchronized boolean isFinished() {
        return finished;
    }

    @Override
    public synchronized void onOutput(int channel, byte[] data) {
        if (finished) {
            return;
        }
        switch (channel) {
            case 1 -> frontend(client -> client.stdout(data));
            case 2 -> frontend(client -> client.stderr(data));
            case 3 -> finish(data);
            default -> {
                // resize echoes or unknown channels carry nothing for the client
            }
        }
    }

    @Override
    public void onClosed(String error) {
        finish(error == null ? ExecStatus.success() : ExecStatus.failure("InternalError", "exec session failed"));
    }

    private synchronized void finish(byte[] status) {
        if (finished) {
            return;
        }
        finished = true;
        frontend(client -> client.finish(status));
        if (backend != null) {
            backend.close();
        }
    }

    private synchronized void backend(Consumer<BackendExecSession> action) {
        if (backend != null) {
            action.accept(backend);
        } else if (!finished) {
            toBackend.add(action);
        }
    }

    private synchronized void frontend(Consumer<Frontend> action) {
        if (frontend != null) {
            action.accept(frontend);
        } else {
            toFrontend.add(action);
        }
    }
}
