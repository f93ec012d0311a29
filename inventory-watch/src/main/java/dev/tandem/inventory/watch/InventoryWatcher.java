package dev.tandem.inventory.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code tandem.inventory} in step with the cluster: informers on pods, Services and
 * namespaces publish the whole current state when they start (their first list) and every change
 * after. Informers re-list and re-watch on their own when a watch breaks; each failure is logged as
 * one line. {@link #publishOnce()} lists once instead, for a job or a cron.
 *
 * <p>Needs only {@code get}, {@code list} and {@code watch} on pods, services and namespaces (see
 * {@code deploy/kubernetes/base/inventory/rbac.yaml}).
 */
public final class InventoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryWatcher.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final InventoryPublisher publisher;
    private final WatchScope scope;
    private final KubernetesObjects objects;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

    public InventoryWatcher(
            KubernetesClient client, InventoryPublisher publisher, WatchScope scope) {
        this.client = Objects.requireNonNull(client, "client");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.objects = new KubernetesObjects(client.getKubernetesSerialization());
    }

    /**
     * Starts the informers and returns once each has listed its kind and the listed state is handed
     * to the producer; changes are published from then on, until {@link #close()}.
     *
     * @throws WatchException when a first list fails (no access, no API server) or takes longer
     *     than the scope's start timeout
     */
    public synchronized void start() throws InterruptedException {
        if (!informers.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        LOG.info("inventory: watching pods, services and namespaces in {}", scope.describe());
        // Namespaces first: a reader that applies messages in order meets a pod's namespace first.
        informers.add(informer("namespaces", () -> client.namespaces()));
        for (String namespace : namespacesToWatch()) {
            String where = namespace == null ? "all namespaces" : "namespace " + namespace;
            informers.add(
                    informer(
                            "services in " + where,
                            () ->
                                    namespace == null
                                            ? client.services().inAnyNamespace()
                                            : client.services().inNamespace(namespace)));
            informers.add(
                    informer(
                            "pods in " + where,
                            () ->
                                    namespace == null
                                            ? client.pods().inAnyNamespace()
                                            : client.pods().inNamespace(namespace)));
        }
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            started.add(informer.start().toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(scope.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            close();
            throw new WatchException(
                    "could not list the inventory from the Kubernetes API: "
                            + Objects.toString(e.getCause().getMessage(), e.getCause().toString()),
                    e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new WatchException(
                    "the Kubernetes API did not list the inventory within "
                            + scope.startTimeout().toSeconds()
                            + " s",
                    e);
        }
        publisher.flush();
        LOG.info("inventory: initial state published; watching for changes");
    }

    /**
     * Lists pods, Services and namespaces once, publishes them and waits for the broker's
     * acknowledgement.
     *
     * @return how many objects were listed and read
     */
    public int publishOnce() {
        InventoryEvents<HasMetadata> events = new InventoryEvents<>(objects, publisher, scope);
        List<HasMetadata> listed = new ArrayList<>();
        listed.addAll(client.namespaces().list().getItems());
        for (String namespace : namespacesToWatch()) {
            listed.addAll(
                    items(
                            namespace == null
                                    ? client.services().inAnyNamespace().list()
                                    : client.services().inNamespace(namespace).list()));
            listed.addAll(
                    items(
                            namespace == null
                                    ? client.pods().inAnyNamespace().list()
                                    : client.pods().inNamespace(namespace).list()));
        }
        int read = 0;
        for (HasMetadata object : listed) {
            if (events.publish(object)) {
                read++;
            }
        }
        publisher.flush();
        return read;
    }

    /**
     * Stops the informers and waits (a few seconds at most) until their watches are closed, so that
     * no event arrives after this returns; the publisher stays open (its owner closes it).
     */
    @Override
    public synchronized void close() {
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            informer.stop();
            stopped.add(informer.stopped().toCompletableFuture());
        }
        informers.clear();
        try {
            CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new))
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // An informer that failed to start is stopped already; its failure was reported.
        } catch (TimeoutException e) {
            LOG.warn("inventory: informers did not stop within {} s", STOP_TIMEOUT.toSeconds());
        }
    }

    /** Null stands for every namespace. */
    private List<String> namespacesToWatch() {
        List<String> namespaces = new ArrayList<>(scope.namespaces());
        if (namespaces.isEmpty()) {
            namespaces.add(null);
        }
        return namespaces;
    }

    private static <T extends HasMetadata> List<HasMetadata> items(KubernetesResourceList<T> list) {
        return new ArrayList<>(list.getItems());
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(
            String what, Supplier<? extends Informable<T>> resources) {
        SharedIndexInformer<T> informer =
                resources.get().runnableInformer(scope.resync().toMillis());
        informer.addEventHandlerWithResyncPeriod(
                new InventoryEvents<>(objects, publisher, scope), scope.resync().toMillis());
        informer.exceptionHandler(new LoggingExceptionHandler(what));
        return informer;
    }

    /**
     * One clear line per watch failure. Once started, an informer retries (re-lists and re-watches
     * after a backoff); before that, a failure ends {@link #start()} so that a missing permission
     * is reported, not retried for ever.
     */
    private record LoggingExceptionHandler(String what) implements ExceptionHandler {
        @Override
        public boolean retryAfterException(boolean isStarted, Throwable t) {
            boolean retry = isStarted && !ExceptionHandler.isDeserializationException(t);
            LOG.warn(
                    "inventory: watch of {} failed: {}{}",
                    what,
                    Objects.toString(t.getMessage(), t.toString()),
                    retry ? "; reconnecting" : "");
            return retry;
        }
    }
}
