package dev.zklab.clusters.gke;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.CreateClusterRequest;
import com.google.container.v1.DeleteClusterRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.GetOperationRequest;
import com.google.container.v1.MasterAuth;
import com.google.container.v1.Operation;
import com.google.container.v1.OperationProgress;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process fake of GKE's ClusterManager API (google.container.v1) for tests: create, get and
 * delete clusters, each create or delete an operation that is done after a few polls; a location
 * that does not exist is refused as GKE does (INVALID_ARGUMENT), more nodes than the quota allows
 * too (RESOURCE_EXHAUSTED). Every request is recorded for the test to assert.
 */
public final class FakeClusterManager implements AutoCloseable {

    public static final String PROJECT = "zklab-test";
    /** What GKE gives as a cluster's CA: base64-encoded PEM. */
    public static final String CA = Base64.getEncoder()
            .encodeToString("-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n".getBytes());
    /** Polls of an operation before it is done. */
    static final int POLLS = 2;

    private static final String SERVICE = "google.container.v1.ClusterManager";

    private final String serverName = "fake-gke-" + System.nanoTime();
    private final ServerServiceDefinition service;
    private final Server server;
    private final ManagedChannel channel;
    private Server network;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pollsLeft = new ConcurrentHashMap<>();
    private final List<Message> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile int quotaNodes = 12;
    private volatile String endpoint = "127.0.0.9";

    public FakeClusterManager() {
        service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(
                        method(
                                "CreateCluster",
                                CreateClusterRequest.getDefaultInstance(),
                                Operation.getDefaultInstance()),
                        unary(this::create))
                .addMethod(
                        method("GetCluster", GetClusterRequest.getDefaultInstance(), Cluster.getDefaultInstance()),
                        unary(this::get))
                .addMethod(
                        method(
                                "DeleteCluster",
                                DeleteClusterRequest.getDefaultInstance(),
                                Operation.getDefaultInstance()),
                        unary(this::delete))
                .addMethod(
                        method(
                                "GetOperation",
                                GetOperationRequest.getDefaultInstance(),
                                Operation.getDefaultInstance()),
                        unary(this::operation))
                .build();
        try {
            server = InProcessServerBuilder.forName(serverName)
                    .addService(service)
                    .directExecutor()
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
    }

    /**
     * Serves the fake on a loopback port too, for a zklab service given it as {@code zklab.clusters.gke.emulator-host};
     * returns that {@code host:port}.
     */
    public synchronized String listen() {
        if (network == null) {
            try {
                network = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .addService(service)
                        .build()
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + network.getPort();
    }

    /** Client settings that reach this fake, without credentials. */
    public ClusterManagerSettings settings() {
        try {
            return ClusterManagerSettings.newBuilder()
                    .setTransportChannelProvider(
                            FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GKE of {@link #PROJECT} behind this fake, with credentials holding a fixed token. */
    public GkeApi api(String token) {
        return GkeApi.with(
                PROJECT,
                GoogleCredentials.create(
                        new AccessToken(token, java.util.Date.from(Instant.now().plusSeconds(3600)))),
                settings());
    }

    public List<Message> requests() {
        return List.copyOf(requests);
    }

    @SuppressWarnings("unchecked")
    public <T extends Message> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(r -> (T) r).toList();
    }

    public Map<String, Cluster> clusters() {
        return Map.copyOf(clusters);
    }

    public void quotaNodes(int nodes) {
        quotaNodes = nodes;
    }

    public void endpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** A cluster that exists before the test (made by someone else, or by an earlier attempt). */
    public void existing(Cluster cluster) {
        clusters.put(cluster.getSelfLink(), cluster);
    }

    private Operation create(CreateClusterRequest request) {
        String location = request.getParent().replaceFirst(".*/locations/", "");
        if (!location.matches("[a-z]+-[a-z]+[0-9]+(-[a-z])?")) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Location \"" + location + "\" does not exist.")
                    .asRuntimeException();
        }
        Cluster wanted = request.getCluster();
        int nodes = wanted.getNodePoolsList().stream()
                        .mapToInt(p -> p.getInitialNodeCount())
                        .sum()
                + wanted.getInitialNodeCount();
        if (nodes > quotaNodes) {
            throw Status.RESOURCE_EXHAUSTED
                    .withDescription("Insufficient regional quota to satisfy request: resource "
                            + "\"CPUS\": request requires '" + nodes * 2 + ".0' and is short '"
                            + (nodes - quotaNodes) * 2
                            + ".0'.")
                    .asRuntimeException();
        }
        String name = request.getParent() + "/clusters/" + wanted.getName();
        if (clusters.containsKey(name)) {
            throw Status.ALREADY_EXISTS
                    .withDescription("Already exists: " + name + ".")
                    .asRuntimeException();
        }
        clusters.put(
                name,
                wanted.toBuilder()
                        .setSelfLink(name)
                        .setLocation(location)
                        .setStatus(Cluster.Status.PROVISIONING)
                        .build());
        return newOperation(request.getParent(), Operation.Type.CREATE_CLUSTER, name);
    }

    private Cluster get(GetClusterRequest request) {
        Cluster cluster = clusters.get(request.getName());
        if (cluster == null) {
            throw notFound(request.getName());
        }
        return cluster;
    }

    private Operation delete(DeleteClusterRequest request) {
        Cluster cluster = clusters.get(request.getName());
        if (cluster == null) {
            throw notFound(request.getName());
        }
        clusters.put(
                request.getName(),
                cluster.toBuilder().setStatus(Cluster.Status.STOPPING).build());
        return newOperation(
                request.getName().replaceFirst("/clusters/.*", ""), Operation.Type.DELETE_CLUSTER, request.getName());
    }

    private Operation operation(GetOperationRequest request) {
        Operation operation = operations.get(request.getName());
        if (operation == null) {
            throw notFound(request.getName());
        }
        if (operation.getStatus() != Operation.Status.DONE
                && pollsLeft.get(request.getName()).decrementAndGet() <= 0) {
            operation = finish(operation);
            operations.put(request.getName(), operation);
        }
        return operation;
    }

    private Operation finish(Operation operation) {
        String cluster = operation.getTargetLink();
        if (operation.getOperationType() == Operation.Type.CREATE_CLUSTER) {
            clusters.computeIfPresent(
                    cluster,
                    (k, c) -> c.toBuilder()
                            .setStatus(Cluster.Status.RUNNING)
                            .setEndpoint(endpoint)
                            .setCurrentMasterVersion("1.33.5-gke.1000")
                            .setMasterAuth(MasterAuth.newBuilder().setClusterCaCertificate(CA))
                            .build());
        } else {
            clusters.remove(cluster);
        }
        return operation.toBuilder()
                .setStatus(Operation.Status.DONE)
                .setEndTime(Instant.now().toString())
                .setProgress(OperationProgress.newBuilder().setStatus(Operation.Status.DONE))
                .build();
    }

    private Operation newOperation(String parent, Operation.Type type, String target) {
        String id = "operation-" + ids.incrementAndGet();
        String name = parent + "/operations/" + id;
        Operation operation = Operation.newBuilder()
                .setName(id)
                .setOperationType(type)
                .setStatus(Operation.Status.RUNNING)
                .setSelfLink(name)
                .setTargetLink(target)
                .setStartTime(Instant.now().toString())
                .setProgress(OperationProgress.newBuilder()
                        .setStatus(Operation.Status.RUNNING)
                        .addMetrics(OperationProgress.Metric.newBuilder()
                                .setName("NODES_TOTAL")
                                .setIntValue(4)))
                .build();
        operations.put(name, operation);
        pollsLeft.put(name, new AtomicInteger(POLLS));
        return operation;
    }

    private static StatusRuntimeException notFound(String name) {
        return Status.NOT_FOUND.withDescription("Not found: " + name + ".").asRuntimeException();
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(
            String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    private <Q extends Message, R extends Message> io.grpc.ServerCallHandler<Q, R> unary(Function<Q, R> handler) {
        return ServerCalls.asyncUnaryCall((request, observer) -> {
            requests.add(request);
            try {
                observer.onNext(handler.apply(request));
                observer.onCompleted();
            } catch (StatusRuntimeException e) {
                observer.onError(e);
            }
        });
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        if (network != null) {
            network.shutdownNow();
        }
    }
}
