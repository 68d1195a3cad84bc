-- A count that goes up with every change to any server's resources
-- (issue 17), so that the store's in-memory search index of a server's
-- resources (data/resources_index.go) can tell, with one read, that it is
-- still what the database holds. The triggers see every writer: the
-- store, restores and anything else. One row; it names no server.
CREATE TABLE resource_generation (
	n INTEGER NOT NULL
) STRICT;
INSERT INTO resource_generation (n) VALUES (0);

CREATE TRIGGER resources_generation_insert AFTER INSERT ON resources BEGIN
	UPDATE resource_generation SET n = n + 1;
END;

CREATE TRIGGER resources_generation_update AFTER UPDATE ON resources BEGIN
	UPDATE resource_generation SET n = n + 1;
END;

CREATE TRIGGER resources_generation_delete AFTER DELETE ON resources BEGIN
	UPDATE resource_generation SET n = n + 1;
END;
