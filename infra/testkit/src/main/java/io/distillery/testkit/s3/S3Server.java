package io.distillery.testkit.s3;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * A real S3 server in process: s3proxy over jclouds' in-memory blob store, checking AWS SigV4
 * signatures against one access key, on a loopback port. Faults are injected behind the S3 front
 * end, so clients see them as a real store would answer: {@link #failReads} makes the next reads
 * answer an HTTP status (503 is S3's throttling answer), {@link #stop()} and {@link #start()} take
 * the endpoint away and bring it back on the same port with the same objects.
 */
public final class S3Server implements AutoCloseable {

  /** The access key id the server accepts. */
  public static final String ACCESS_KEY = "distillery-test";

  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "distillery-test-secret-key";

  private final BlobStoreContext context;
  private final FaultyStore store;
  private final AtomicInteger reads = new AtomicInteger();
  private volatile S3Proxy proxy;
  private int port;

  private S3Server() {
    this.context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    this.store = new FaultyStore(context.getBlobStore());
  }

  /** A server on a free loopback port, started. */
  public static S3Server start(String... buckets) throws Exception {
    S3Server server = new S3Server();
    server.startOn(0);
    for (String bucket : buckets) {
      server.createBucket(bucket);
    }
    return server;
  }

  private void startOn(int requestedPort) throws Exception {
    S3Proxy started =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .build();
    started.start();
    while (!"STARTED".equals(started.getState())) {
      Thread.onSpinWait();
    }
    port = started.getPort();
    proxy = started;
  }

  /** Brings the endpoint back on the same port, with the objects it held. */
  public synchronized void start() throws Exception {
    if (proxy == null) {
      startOn(port);
    }
  }

  /** Takes the endpoint away: connections are refused until {@link #start()}. */
  public synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  /** The endpoint ({@code http://127.0.0.1:<port>}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Creates a bucket. */
  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** The bytes of an object, read behind the S3 front end; null when absent. */
  public byte[] object(String bucket, String key) throws java.io.IOException {
    Blob blob = context.getBlobStore().getBlob(bucket, key);
    if (blob == null) {
      return null;
    }
    try (java.io.InputStream in = blob.getPayload().openStream()) {
      return in.readAllBytes();
    }
  }

  /** Replaces (or creates) an object behind the S3 front end: tampering, as a test needs it. */
  public void putObject(String bucket, String key, byte[] bytes) {
    BlobStore blobs = context.getBlobStore();
    blobs.putBlob(bucket, blobs.blobBuilder(key).payload(bytes).build());
  }

  /** Deletes an object behind the S3 front end. */
  public void deleteObject(String bucket, String key) {
    context.getBlobStore().removeBlob(bucket, key);
  }

  /** The keys of a bucket. */
  public java.util.List<String> keys(String bucket) {
    return context
        .getBlobStore()
        .list(bucket, org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive())
        .stream()
        .filter(m -> m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB)
        .map(m -> m.getName())
        .sorted()
        .toList();
  }

  /** The next {@code count} object reads (GET and HEAD) answer HTTP {@code status}. */
  public void failReads(int count, int status) {
    store.failing.put(status, new AtomicInteger(count));
  }

  /** Object reads (GET and HEAD) that reached the store, failed ones included. */
  public int reads() {
    return reads.get();
  }

  @Override
  public void close() throws Exception {
    stop();
    context.close();
  }

  /** The in-memory store with injected read failures. */
  private final class FaultyStore extends ForwardingBlobStore {
    final Map<Integer, AtomicInteger> failing = new ConcurrentHashMap<>();

    FaultyStore(BlobStore delegate) {
      super(delegate);
    }

    private void maybeFail() {
      reads.incrementAndGet();
      for (Map.Entry<Integer, AtomicInteger> e : failing.entrySet()) {
        if (e.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new HttpResponseException(
              "injected HTTP " + e.getKey(),
              null,
              HttpResponse.builder().statusCode(e.getKey()).message("Slow Down").build());
        }
      }
    }

    @Override
    public Blob getBlob(String container, String name) {
      maybeFail();
      return super.getBlob(container, name);
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
      maybeFail();
      return super.getBlob(container, name, options);
    }

    @Override
    public BlobMetadata blobMetadata(String container, String name) {
      maybeFail();
      return super.blobMetadata(container, name);
    }
  }
}
