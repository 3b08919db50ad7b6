package org.accord.node;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.accord.rules.Transforms;
import org.accord.stix.Validator;
import org.accord.stix.Violation;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.accord.taxii.server.Authenticator;
import org.accord.taxii.server.NextTokens;
import org.accord.taxii.server.ObjectValidator;
import org.accord.taxii.server.OutboundFilter;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.TaxiiSettings;
import org.accord.taxii.server.User;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one node by hand, in one place, in the order the parts depend on each other: data directory and node secret,
 * store and collections, validator, users, the TAXII server, the HTTP app. No container: what runs is what this
 * class says.
 *
 * <p>The outbound seam is {@link OutboundFilter#RELEASE_ALL} until the rulebook's egress gate exists; that gate will
 * be constructed here and passed to {@link TaxiiServer} in its place.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private Node() {}

  public static RunningNode start(NodeConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static RunningNode start(NodeConfig config, Clock clock) {
    byte[] secret = NodeSecret.loadOrCreate(config.dataDir());
    ObjectStore store = Stores.open(storeSettings(config), clock);
    try {
      TaxiiSettings taxiiSettings = taxiiSettings(config);
      ensureCollections(config, store);
      List<User> users = users(config.taxii());
      if (users.isEmpty()) {
        LOG.warn("no TAXII users are configured: every request will be refused with 401");
      }
      TaxiiServer taxii =
          new TaxiiServer(
              taxiiSettings,
              store,
              new Authenticator(users, clock),
              stixValidator(new Validator()),
              outboundFilter(config),
              new NextTokens(secret),
              clock);
      Javalin app =
          Javalin.create(
              javalin -> {
                javalin.showJavalinBanner = false;
                taxii.install(javalin);
                config.tlsOptional().ifPresent(tls -> https(javalin, tls));
              });
      app.start(config.host(), config.port());
      RunningNode node = new RunningNode(config, app, store);
      LOG.info("node '{}' serving TAXII 2.1 at {}/taxii2/", config.name(), node.baseUrl());
      return node;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * The filter every object passes on its way out of this node, whatever the path (TAXII, export). Releases
   * everything until the rulebook's egress gate exists; the gate will be built here.
   */
  public static OutboundFilter outboundFilter(NodeConfig config) {
    return OutboundFilter.RELEASE_ALL;
  }

  /**
   * The privacy transforms of this node's egress gate, keyed by the node's secret in the data directory (created on
   * first use), so pseudonyms stay stable across restarts and commands.
   */
  public static Transforms transforms(NodeConfig config) {
    return new Transforms(NodeSecret.loadOrCreate(config.dataDir()));
  }

  /** Creates the configured collections that the store does not hold yet. */
  public static void ensureCollections(NodeConfig config, ObjectStore store) {
    taxiiSettings(config).apiRoots().forEach(root -> root.collections().forEach(store::ensureCollection));
  }

  /** Where the node keeps its objects: the configured database, else embedded SQLite in the data directory. */
  public static StoreSettings storeSettings(NodeConfig config) {
    NodeConfig.Store s = config.store();
    return s == null
        ? StoreSettings.embedded(config.dataDir())
        : new StoreSettings(s.jdbcUrl(), s.user(), s.password(), 10);
  }

  static TaxiiSettings taxiiSettings(NodeConfig config) {
    NodeConfig.Taxii t = config.taxii();
    List<TaxiiSettings.ApiRoot> roots =
        t.apiRoots().stream()
            .map(r -> new TaxiiSettings.ApiRoot(r.name(), r.title(), r.description(), collections(r)))
            .toList();
    String title = t.title() != null ? t.title() : config.name();
    return new TaxiiSettings(title, t.description(), t.contact(), roots, t.maxContentLength(), t.maxPageSize());
  }

  private static List<CollectionInfo> collections(NodeConfig.ApiRoot root) {
    return root.collections().stream()
        .map(c -> new CollectionInfo(c.id(), c.title(), c.description(), c.alias(), List.of()))
        .toList();
  }

  private static List<User> users(NodeConfig.Taxii taxii) {
    return taxii.users().stream()
        .map(
            u -> {
              Map<String, User.Access> access =
                  u.collections().entrySet().stream()
                      .collect(
                          Collectors.toMap(
                              Map.Entry::getKey, e -> new User.Access(e.getValue().read(), e.getValue().write())));
              return new User(u.name(), u.passwordHash(), access);
            })
        .toList();
  }

  /**
   * The STIX validator as the TAXII server's {@link ObjectValidator}: its violations (MUST rules) reject an object;
   * warnings (SHOULD rules) do not. A bundle is not an object a collection can hold, so it is refused rather than
   * validated as a container.
   */
  static ObjectValidator stixValidator(Validator validator) {
    return object -> {
      if ("bundle".equals(object.path("type").asText())) {
        return List.of(new Violation("$.type", "bundle-in-collection", "a bundle cannot be stored as an object"));
      }
      return validator.validate(object).violations();
    };
  }

  /** HTTPS only (no plain connector) with the configured keystore; TLS 1.2+ (TAXII 2.1 §8.2.2). */
  private static void https(JavalinConfig javalin, NodeConfig.Tls tls) {
    javalin.jetty.addConnector(
        (server, httpConfig) -> {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
          if (tls.keystorePassword() != null) {
            ssl.setKeyStorePassword(tls.keystorePassword());
          }
          ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
          HttpConfiguration https = new HttpConfiguration(httpConfig);
          https.addCustomizer(new SecureRequestCustomizer());
          ServerConnector connector =
              new ServerConnector(
                  server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
          connector.setHost(javalin.jetty.defaultHost);
          connector.setPort(javalin.jetty.defaultPort);
          return connector;
        });
  }
}
