package dev.fathom.local;

import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics on a single-replica broker, leaving those that exist alone. */
public final class KafkaTopics {

    private KafkaTopics() {}

    public static void create(String bootstrapServers, int partitions, Collection<String> topics) {
        create(bootstrapServers, partitions, topics, new Properties());
    }

    /** As {@link #create(String, int, Collection)}, with client security settings (SASL_SSL). */
    public static void create(String bootstrapServers, int partitions, Collection<String> topics, Properties security) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + " at " + bootstrapServers, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Adds an ACL: {@code user} may write to and describe {@code topic}; {@code security} logs in as a super user. */
    static void allowWrite(String bootstrapServers, Properties security, String user, String topic) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        var pattern = new org.apache.kafka.common.resource.ResourcePattern(
                org.apache.kafka.common.resource.ResourceType.TOPIC, topic, org.apache.kafka.common.resource.PatternType.LITERAL);
        List<org.apache.kafka.common.acl.AclBinding> acls = new java.util.ArrayList<>();
        for (var operation : List.of(org.apache.kafka.common.acl.AclOperation.WRITE, org.apache.kafka.common.acl.AclOperation.DESCRIBE)) {
            acls.add(new org.apache.kafka.common.acl.AclBinding(pattern, new org.apache.kafka.common.acl.AccessControlEntry(
                    "User:" + user, "*", operation, org.apache.kafka.common.acl.AclPermissionType.ALLOW)));
        }
        try (Admin admin = Admin.create(props)) {
            admin.createAcls(acls).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot allow " + user + " to write " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding an ACL", e);
        }
    }

    /** Creates or updates a SCRAM-SHA-512 user; {@code security} logs in as a super user. */
    static void upsertScramUser(String bootstrapServers, Properties security, String user, String password) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(user,
                    new org.apache.kafka.clients.admin.ScramCredentialInfo(
                            org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create SCRAM user " + user + " at " + bootstrapServers + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
    }
}
