package spacesbackupidentity.settings;

/**
 * {@code workloads.spaceBackups}'s SpaceBackupConfig: the cluster-scoped object
 * ({@code admin.spaces.upbound.io/v1alpha1}) that tells Spaces where Space backups go, with
 * {@code credentials.source: InjectedIdentity}; created, or adopted when it exists already, and kept on
 * destroy unless {@code deleteOnDestroy}, as the SharedBackupConfigs are.
 *
 * @param location        the bucket, prefix, key, region and endpoint
 * @param configName      {@code config.name}, default {@value BackupSettings#DEFAULT_OBJECT_NAME}
 * @param adoptExisting   {@code config.adoptExisting}: import an existing SpaceBackupConfig of that name
 * @param deleteOnDestroy {@code deleteOnDestroy}: delete it on destroy
 */
public record SpaceBackupsSettings(S3Location location, String configName, boolean adoptExisting,
                                   boolean deleteOnDestroy) {
}
