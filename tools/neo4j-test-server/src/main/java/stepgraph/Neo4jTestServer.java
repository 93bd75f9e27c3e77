package stepgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Embedded Neo4j Community 5.26 with the Bolt connector on a loopback port, for stepgraph's tests
 * and for developers without Docker. Authentication is DISABLED (the server accepts any user and
 * password); it listens on 127.0.0.1 only.
 *
 * Usage: java -jar neo4j-test-server.jar --data DIR [--port N] [--exit-on-stdin-close]
 *   --port 0 (default) lets the OS pick a free port.
 * Prints one line "NEO4J_READY bolt://127.0.0.1:PORT" on stdout once Bolt accepts connections.
 * Stops cleanly (database shut down, store consistent) on SIGTERM/SIGINT and, with
 * --exit-on-stdin-close, when its standard input reaches end of file (the parent went away).
 */
public final class Neo4jTestServer {
  public static void main(String[] args) throws Exception {
    Path data = null;
    int port = 0;
    boolean watchStdin = false;
    String pageCache = "128m";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]).toAbsolutePath();
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--page-cache" -> pageCache = args[++i];
        case "--exit-on-stdin-close" -> watchStdin = true;
        default -> {
          System.err.println("unknown argument " + args[i]
              + "; usage: --data DIR [--port N] [--page-cache 128m] [--exit-on-stdin-close]");
          System.exit(2);
        }
      }
    }
    if (data == null) {
      System.err.println("--data DIR is required");
      System.exit(2);
    }
    if (port < 0 || port > 65535) {
      System.err.println("--port must be 0..65535");
      System.exit(2);
    }

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .setConfig(HttpConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(120))
        .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        dbms.shutdown();
      } finally {
        stopped.countDown();
      }
    }, "neo4j-shutdown"));

    GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    // Wait until the default database is online (a first start creates it).
    for (int i = 0; i < 600 && !db.isAvailable(1000); i++) { /* wait */ }
    if (!db.isAvailable(0)) {
      System.err.println("the default database did not come online");
      System.exit(1);
    }
    int actual = port;
    if (actual == 0) {
      ConnectorPortRegister ports = ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
      actual = ports.getLocalAddress(ConnectorType.BOLT).getPort();
    }
    System.out.println("NEO4J_READY bolt://127.0.0.1:" + actual);
    System.out.flush();

    if (watchStdin) {
      Thread watcher = new Thread(() -> {
        try (InputStream in = System.in) {
          byte[] buf = new byte[256];
          while (in.read(buf) >= 0) { /* discard */ }
        } catch (IOException ignored) {
          // treat a broken stdin as closed
        }
        System.exit(0);
      }, "stdin-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    stopped.await();
  }
}
