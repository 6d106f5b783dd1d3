-- Orleans ADO.NET clustering (membership) on PostgreSQL.
-- Orleans opens no transaction, so every query below is a single statement.
-- The version row is the compare-and-swap token of the membership protocol: it is bumped only
-- together with a successful insert/update of a member row, and only when it still equals @Version.

CREATE TABLE orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    timestamp    timestamptz  NOT NULL DEFAULT now(),
    version      int          NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable
(
    deploymentid varchar(150) NOT NULL,
    address      varchar(45)  NOT NULL,
    port         int          NOT NULL,
    generation   int          NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       int          NOT NULL,
    proxyport    int          NULL,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid) ON DELETE CASCADE
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH ins AS (
        INSERT INTO orleansmembershipversiontable (deploymentid, timestamp, version)
        VALUES (@DeploymentId, now(), 0)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) FROM ins;
$q$),
('MembershipReadAllKey', $q$
    SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.siloname AS SiloName, m.hostname AS HostName, m.status AS Status, m.proxyport AS ProxyPort,
           m.suspecttimes AS SuspectTimes, m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime,
           v.version AS Version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;
$q$),
('MembershipReadRowKey', $q$
    SELECT v.deploymentid AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.siloname AS SiloName, m.hostname AS HostName, m.status AS Status, m.proxyport AS ProxyPort,
           m.suspecttimes AS SuspectTimes, m.starttime AS StartTime, m.iamalivetime AS IAmAliveTime,
           v.version AS Version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m
           ON m.deploymentid = v.deploymentid
          AND m.address = @Address
          AND m.port = @Port
          AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
$q$),
-- lck takes the version row lock only if the version still equals @Version (re-checked after a
-- concurrent update commits); the member insert and the version bump both hang off it.
('InsertMembershipKey', $q$
    WITH lck AS (
        SELECT deploymentid FROM orleansmembershipversiontable
        WHERE deploymentid = @DeploymentId AND version = @Version::int
        FOR UPDATE
    ), ins AS (
        INSERT INTO orleansmembershiptable
            (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
        SELECT lck.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
               @StartTime, @IAmAliveTime
        FROM lck
        ON CONFLICT (deploymentid, address, port, generation) DO NOTHING
        RETURNING deploymentid
    ), ver AS (
        UPDATE orleansmembershipversiontable
        SET version = version + 1, timestamp = now()
        WHERE deploymentid IN (SELECT deploymentid FROM ins) AND version = @Version::int
        RETURNING 1
    )
    SELECT count(*) FROM ver;
$q$),
('UpdateMembershipKey', $q$
    WITH lck AS (
        SELECT deploymentid FROM orleansmembershipversiontable
        WHERE deploymentid = @DeploymentId AND version = @Version::int
        FOR UPDATE
    ), upd AS (
        UPDATE orleansmembershiptable
        SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
        WHERE deploymentid IN (SELECT deploymentid FROM lck)
          AND address = @Address AND port = @Port AND generation = @Generation
        RETURNING deploymentid
    ), ver AS (
        UPDATE orleansmembershipversiontable
        SET version = version + 1, timestamp = now()
        WHERE deploymentid IN (SELECT deploymentid FROM upd) AND version = @Version::int
        RETURNING 1
    )
    SELECT count(*) FROM ver;
$q$),
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable
    SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),
('GatewaysQueryKey', $q$
    SELECT address AS Address, proxyport AS ProxyPort, generation AS Generation
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$q$),
-- Member rows go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),
-- Only rows of silos declared Dead (6) that have not been heard of since the cutoff.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND status = 6
      AND iamalivetime < @IAmAliveTime;
$q$),
-- Deletes one Dead row only if it still holds the values the provider read.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND address = @Address AND port = @Port AND generation = @Generation
      AND status = 6
      AND starttime = @StartTime
      AND iamalivetime = @IAmAliveTime
      AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
