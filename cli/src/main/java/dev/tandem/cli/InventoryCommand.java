package dev.tandem.cli;

import dev.tandem.ingest.kafka.Topics;
import dev.tandem.inventory.watch.InventoryPublisher;
import dev.tandem.inventory.watch.InventoryWatcher;
import dev.tandem.inventory.watch.KubectlFilePublisher;
import dev.tandem.inventory.watch.WatchException;
import dev.tandem.inventory.watch.WatchScope;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem inventory}: keeps the inventory topic in step with a cluster, or a file. */
@Command(
        name = "inventory",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes the cluster's pods, Services and namespaces to Kafka (topic tandem.inventory),"
                    + " where correlation learns which pod held an IP when. Watches the Kubernetes API and"
                    + " publishes the current state, then every change, until stopped; or lists once"
                    + " (--once); or publishes a kubectl JSON file once (--file).",
            "Needs get, list and watch on pods, services and namespaces: see deploy/kubernetes/base/inventory/rbac.yaml.",
            ""
        },
        footer = {
            "",
            "The topic's format (keys, values, deletions) is described in docs/inventory-topic.md.",
            "",
            "Examples:",
            "  tandem inventory --kubeconfig ~/.kube/config --bootstrap-servers kafka:9092",
            "  tandem inventory --in-cluster --bootstrap-servers kafka.tandem:9092",
            "  tandem inventory --kubeconfig ~/.kube/config --namespace bookinfo --once",
            "  kubectl get pods,services,namespaces -A -o json > inv.json",
            "  tandem inventory --file inv.json"
        })
final class InventoryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafkaOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            split = ",",
            description =
                    "Watch only these namespaces (repeat or comma-separate). Default: every namespace.")
    List<String> namespaces = new ArrayList<>();

    @Option(
            names = "--once",
            description = "List the cluster once, publish, and exit (instead of watching).")
    boolean once;

    /** Where the inventory comes from: exactly one. */
    static final class Source {
        @Option(
                names = "--kubeconfig",
                paramLabel = "PATH",
                required = true,
                description = "Reach the API with this kubeconfig file (its current context).")
        Path kubeconfig;

        @Option(
                names = "--in-cluster",
                required = true,
                description =
                        "Reach the API as the pod's service account (when running in the cluster).")
        boolean inCluster;

        @Option(
                names = "--file",
                paramLabel = "KUBECTL_JSON",
                required = true,
                description =
                        "Publish this 'kubectl get pods,services,namespaces -A -o json' file once.")
        Path file;
    }

    @Override
    public Integer call() throws Exception {
        // Checked (it throws) before the file or the cluster is read, not at the first record.
        kafkaOptions.bootstrapServers();
        if (source.file != null) {
            return publishFile();
        }
        Config config = source.inCluster ? inClusterConfig() : kubeconfig(source.kubeconfig);
        WatchScope scope = WatchScope.of(namespaces);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                InventoryPublisher publisher =
                        InventoryPublisher.connect(
                                kafkaOptions.bootstrapServers(), Clock.systemUTC())) {
            InventoryWatcher watcher = new InventoryWatcher(client, publisher, scope);
            if (once) {
                int read = listOnce(watcher);
                publisher.flush();
                requireAllSent(publisher);
                spec.commandLine()
                        .getErr()
                        .println(
                                "inventory: published "
                                        + read
                                        + " objects to "
                                        + Topics.INVENTORY.name()
                                        + " at "
                                        + kafkaOptions.bootstrapServers());
                return 0;
            }
            return watchUntilStopped(watcher);
        }
    }

    private int publishFile() throws IOException {
        InputFiles.checkReadable(List.of(source.file.toString()));
        try (InventoryPublisher publisher =
                InventoryPublisher.connect(kafkaOptions.bootstrapServers(), Clock.systemUTC())) {
            KubectlFilePublisher.Publication publication =
                    new KubectlFilePublisher(publisher, Clock.systemUTC()).publish(source.file);
            if (publication.failure() != null) {
                throw new UserError(
                        "cannot read "
                                + source.file
                                + " as kubectl JSON: "
                                + publication.failure().detail());
            }
            requireAllSent(publisher);
            spec.commandLine()
                    .getErr()
                    .println(
                            "inventory: published "
                                    + publication.snapshot().pods().size()
                                    + " pods, "
                                    + publication.snapshot().services().size()
                                    + " services, "
                                    + publication.snapshot().namespaces().size()
                                    + " namespaces from "
                                    + source.file
                                    + " to "
                                    + Topics.INVENTORY.name()
                                    + " at "
                                    + kafkaOptions.bootstrapServers()
                                    + (publication.skipped() == 0
                                            ? ""
                                            : "; skipped "
                                                    + publication.skipped()
                                                    + " unreadable items (dead letters)"));
            return 0;
        }
    }

    private int listOnce(InventoryWatcher watcher) {
        try {
            return watcher.publishOnce();
        } catch (KubernetesClientException e) {
            throw new UserError("cannot list the inventory: " + e.getMessage(), e);
        }
    }

    private int watchUntilStopped(InventoryWatcher watcher) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            watcher.close();
                            stopped.countDown();
                        },
                        "tandem-inventory-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            watcher.start();
        } catch (WatchException e) {
            throw new UserError(e.getMessage(), e);
        }
        stopped.await();
        return 0;
    }

    private void requireAllSent(InventoryPublisher publisher) {
        if (publisher.failed() > 0) {
            throw new UserError(
                    "could not publish "
                            + publisher.failed()
                            + " inventory messages to Kafka at "
                            + kafkaOptions.bootstrapServers()
                            + ": is the broker up and does topic "
                            + Topics.INVENTORY.name()
                            + " exist?");
        }
    }

    private static Config kubeconfig(Path path) {
        InputFiles.checkReadable(List.of(path.toString()));
        try {
            return Config.fromKubeconfig(path.toFile());
        } catch (RuntimeException e) {
            throw new UserError("cannot use kubeconfig " + path + ": " + e.getMessage(), e);
        }
    }

    private static Config inClusterConfig() {
        if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            throw new UserError(
                    "--in-cluster: KUBERNETES_SERVICE_HOST is not set, so this is not a pod; use"
                            + " --kubeconfig PATH outside the cluster");
        }
        // Only the service account: a kubeconfig lying around in the image must not win.
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        return Config.autoConfigure(null);
    }
}
