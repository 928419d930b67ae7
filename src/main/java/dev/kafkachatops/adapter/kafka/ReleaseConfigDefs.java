package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReleaseConfigs;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A release's broker config definitions, read from that release's own jars in an isolated class loader (parent: the
 * platform loader, so this bot's kafka-clients never mixes in): the {@code ConfigDef} in
 * {@code org.apache.kafka.server.config.AbstractKafkaConfig.CONFIG_DEF} (3.7 and newer; the object
 * {@code kafka.server.KafkaConfig.configDef()} returns), else {@code kafka.server.KafkaConfig.configDef()} (older
 * lines, which need the jars' Scala library). A key it does not define is unknown, except per-listener overrides
 * ({@code listener.name.*}) and the JMX reporter's {@code metrics.jmx.include}/{@code exclude}; a value is rejected
 * when {@code ConfigDef.parseType} or the key's validator throws, or when a {@code *.class}/{@code *.class.name}
 * setting names a class of Kafka's own packages that the release does not have. A class-valued setting naming a class outside
 * Kafka's packages that the release lacks is not rejected (a plugin from the broker's own classpath). Definitions are
 * loaded once per version and kept.
 */
public final class ReleaseConfigDefs implements ReleaseConfigs {
    /** Where a version's {@code libs/} folder is (downloading or building it if needed). */
    public interface Libs {
        Path libs(String version) throws IOException;
    }

    private static final Set<String> REPORTER_KEYS = Set.of("metrics.jmx.include", "metrics.jmx.exclude");
    private static final String HIDDEN = "[hidden]";
    private final Libs libs;
    private final Map<String, Definitions> loaded = new ConcurrentHashMap<>();

    public ReleaseConfigDefs(Libs libs) {
        this.libs = libs;
    }

    @Override
    public Verdict check(String version, Map<String, String> config) throws Unavailable {
        Definitions d = loaded.get(version);
        if (d == null) {
            d = load(version);
            Definitions raced = loaded.putIfAbsent(version, d);
            if (raced != null) d = raced;
        }
        return d.check(config);
    }

    private Definitions load(String version) throws Unavailable {
        List<URL> jars = new ArrayList<>();
        Path dir;
        try {
            dir = libs.libs(version);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) jars.add(url(p));
            }
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("Kafka " + version + "'s jars are not available here (" + e.getMessage() + ")", e);
        }
        URLClassLoader cl = new URLClassLoader("kafka-" + version, jars.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader());
        try {
            Object def = inLoader(cl, () -> configDef(cl));
            return new Definitions(version, cl, def);
        } catch (Exception | LinkageError e) {
            throw new Unavailable("Kafka " + version + "'s broker ConfigDef could not be read from " + dir + ": " + e,
                    e);
        }
    }

    private static Object configDef(ClassLoader cl) throws ReflectiveOperationException {
        try {
            return cl.loadClass("org.apache.kafka.server.config.AbstractKafkaConfig").getField("CONFIG_DEF").get(null);
        } catch (ClassNotFoundException | NoSuchFieldException e) {
            return cl.loadClass("kafka.server.KafkaConfig").getMethod("configDef").invoke(null);
        }
    }

    private static URL url(Path p) throws MalformedURLException {
        return p.toUri().toURL();
    }

    /** Runs with the release's loader as the context loader: ConfigDef loads class-valued settings through it. */
    static <T> T inLoader(ClassLoader cl, Callable<T> work) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(cl);
        try {
            return work.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** One release's loaded definitions and the reflective handles to use them. */
    private static final class Definitions {
        private final String version;
        private final ClassLoader cl;
        private final Map<?, ?> keys;
        private final Method parseType;
        private final Method ensureValid;

        Definitions(String version, ClassLoader cl, Object def) throws ReflectiveOperationException {
            this.version = version;
            this.cl = cl;
            Class<?> configDef = cl.loadClass("org.apache.kafka.common.config.ConfigDef");
            this.keys = (Map<?, ?>) configDef.getMethod("configKeys").invoke(def);
            Class<?> type = cl.loadClass("org.apache.kafka.common.config.ConfigDef$Type");
            this.parseType = configDef.getMethod("parseType", String.class, Object.class, type);
            this.ensureValid = cl.loadClass("org.apache.kafka.common.config.ConfigDef$Validator")
                    .getMethod("ensureValid", String.class, Object.class);
        }

        Verdict check(Map<String, String> config) throws Unavailable {
            List<String> unknown = new ArrayList<>();
            List<Rejected> rejected = new ArrayList<>();
            for (var e : new TreeMap<>(config).entrySet()) {
                Object key = keys.get(e.getKey());
                if (key == null) {
                    if (!e.getKey().startsWith("listener.name.") && !REPORTER_KEYS.contains(e.getKey())) {
                        unknown.add(e.getKey());
                    }
                    continue;
                }
                try {
                    validate(key, e.getKey(), e.getValue()).ifPresent(rejected::add);
                } catch (ReflectiveOperationException | RuntimeException ex) {
                    throw new Unavailable("Kafka " + version + "'s ConfigDef could not check " + e.getKey() + ": " + ex,
                            ex);
                }
            }
            return new Verdict(unknown, rejected);
        }

        private Optional<Rejected> validate(Object configKey, String name, String value)
                throws ReflectiveOperationException {
            Object type = configKey.getClass().getField("type").get(configKey);
            Object validator = configKey.getClass().getField("validator").get(configKey);
            boolean password = "PASSWORD".equals(String.valueOf(type));
            try {
                inLoader(cl, () -> {
                    Object parsed = parseType.invoke(null, name, value, type);
                    if (validator != null) ensureValid.invoke(validator, name, parsed);
                    return null;
                });
                return missingKafkaClass(name, value);
            } catch (InvocationTargetException ex) {
                String why = String.valueOf(ex.getCause().getMessage());
                if ("CLASS".equals(String.valueOf(type)) && !kafkaClass(value)) return Optional.empty();
                return Optional.of(new Rejected(name, password ? HIDDEN : value,
                        password ? "not a valid value" : why));
            } catch (ReflectiveOperationException | RuntimeException ex) {
                throw ex;
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }

        /**
         * A class named by a string setting ({@code authorizer.class.name}) that is one of Kafka's own and missing
         * from the release: the broker would fail to load it at start (4.0 dropped ZooKeeper's AclAuthorizer).
         */
        private Optional<Rejected> missingKafkaClass(String name, String value) {
            if (!(name.endsWith(".class.name") || name.endsWith(".class")) || !kafkaClass(value)) return Optional.empty();
            try {
                Class.forName(value.strip(), false, cl);
                return Optional.empty();
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.of(new Rejected(name, value, "Kafka " + version + " has no class " + value.strip()));
            }
        }

        private static boolean kafkaClass(String value) {
            String v = value.strip();
            return v.startsWith("org.apache.kafka.") || v.startsWith("kafka.");
        }
    }
}
