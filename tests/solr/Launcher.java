/*
 * The Java side of the local test SolrCloud that tests/solr/cluster.py starts: one process per role.
 *
 *   java -cp CP Launcher zk   PORT DATA_DIR SECURITY_JSON   ZooKeeper on 127.0.0.1:PORT, then
 *                                                          /security.json written (authentication on
 *                                                          before any Solr node joins)
 *   java -cp CP Launcher solr PORT SOLR_HOME ZK_HOST       one Solr node (Jetty, context /solr) on
 *                                                          127.0.0.1:PORT, joined to ZK_HOST
 *
 * Each prints one line "READY <address>" on standard output once it serves, then runs until killed.
 */

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

public final class Launcher {
  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("zk")) {
      zookeeper(Integer.parseInt(args[1]), args[2], Path.of(args[3]));
    } else if (args.length == 4 && args[0].equals("solr")) {
      solr(Integer.parseInt(args[1]), args[2], args[3]);
    } else {
      System.err.println("usage: Launcher zk PORT DATA_DIR SECURITY_JSON | solr PORT SOLR_HOME ZK_HOST");
      System.exit(2);
    }
  }

  private static void zookeeper(int port, String dataDir, Path securityJson) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("dataDir", dataDir);
    properties.setProperty("clientPort", Integer.toString(port));
    properties.setProperty("clientPortAddress", "127.0.0.1"); // loopback only
    properties.setProperty("tickTime", "2000");
    QuorumPeerConfig peerConfig = new QuorumPeerConfig();
    peerConfig.parseProperties(properties);
    ServerConfig config = new ServerConfig();
    config.readFrom(peerConfig);
    ZooKeeperServerMain server = new ZooKeeperServerMain();
    Thread thread = new Thread(() -> {
      try {
        server.runFromConfig(config);
      } catch (Exception e) {
        e.printStackTrace();
      }
      System.exit(1); // the server stopped: so does the process
    }, "zookeeper");
    thread.start();
    String address = "127.0.0.1:" + port;
    putSecurityJson(address, Files.readAllBytes(securityJson));
    System.out.println("READY " + address);
    System.out.flush();
    thread.join();
  }

  /** Writes /security.json (create or overwrite), retrying while the server is still starting. */
  private static void putSecurityJson(String address, byte[] data) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      CountDownLatch connected = new CountDownLatch(1);
      ZooKeeper zk = new ZooKeeper(address, 15000, event -> {
        if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
      });
      try {
        if (connected.await(5, TimeUnit.SECONDS)) {
          try {
            zk.create("/security.json", data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
          } catch (KeeperException.NodeExistsException e) {
            zk.setData("/security.json", data, -1);
          }
          return;
        }
      } catch (KeeperException.ConnectionLossException e) {
        // the server is not serving yet: try again
      } finally {
        zk.close();
      }
      if (System.nanoTime() > deadline) throw new IllegalStateException("ZooKeeper did not answer on " + address);
      Thread.sleep(200);
    }
  }

  private static void solr(int port, String solrHome, String zkHost) throws Exception {
    System.setProperty("zkHost", zkHost);
    Properties nodeProperties = new Properties();
    nodeProperties.setProperty("zkHost", zkHost);
    JettyConfig config = JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
    JettySolrRunner runner = new JettySolrRunner(solrHome, nodeProperties, config);
    runner.start();
    System.out.println("READY " + runner.getBaseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
