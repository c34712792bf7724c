package io.omicsmonitor.local;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server in this process (S3Proxy on a free loopback port), in memory or on a local folder. The functions
 * talk to it through the real {@link S3Client}, so what a test reads back is what S3 would hold.
 */
public final class LocalS3 implements AutoCloseable {

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private LocalS3(BlobStore store) {
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .build();
        try {
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local S3 server", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the local S3 server", e);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = LocalAws.clients(java.util.Map.of("s3", endpoint)).s3();
    }

    /** A server whose objects live in memory and vanish with it: for tests. */
    public static LocalS3 inMemory() {
        return new LocalS3(new TransientNio2BlobStore());
    }

    /** A server whose buckets are folders under {@code root}, objects files: for local runs a person inspects. */
    public static LocalS3 onDisk(Path root) {
        return new LocalS3(new FilesystemNio2BlobStore(root.toAbsolutePath().toString()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for this server (path-style, throwaway credentials). */
    public S3Client client() {
        return client;
    }

    public LocalS3 createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
        return this;
    }

    /** Removes every bucket and creates {@code bucket}, empty: a clean lake for the next test. */
    public LocalS3 resetTo(String bucket) {
        client.listBuckets().buckets().forEach(b -> {
            keys(b.name()).forEach(k -> client.deleteObject(d -> d.bucket(b.name()).key(k)));
            client.deleteBucket(d -> d.bucket(b.name()));
        });
        return createBucket(bucket);
    }

    /** Every key in the bucket, sorted. */
    public List<String> keys(String bucket) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key).sorted().collect(Collectors.toList());
    }

    public String read(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    public String contentType(String bucket, String key) {
        return client.headObject(b -> b.bucket(bucket).key(key)).contentType();
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the local S3 server", e);
        }
    }
}
