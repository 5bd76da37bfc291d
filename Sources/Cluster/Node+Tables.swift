/// Named tables: Erlang's `ets:new(Name, [named_table, protected])`, in spirit.
///
/// pg2 keeps its state in an ETS table named `pg2_table` that its server owns and writes, and
/// that any process on the node may read directly — no message to the server, so reads are as
/// cheap as a memory lookup. Swift has no ETS; what it has is objects that are safe to share
/// between threads. A node keeps a registry of such objects by name, so that code running on the
/// node finds "the pg2 table of this node" the way Erlang code names `pg2_table`.
///
/// Writing is a convention, as `protected` is in ETS: the publisher writes, everyone reads. A
/// table may have an *owner* process, and then, as in ETS, it goes when its owner ends: it is
/// unpublished, and if it is an ``OwnedTable`` it is told (so a reader holding it on the side
/// knows to look again). A crashed node loses its tables with everything else.
extension Node {
    /// Makes `table` findable on this node as `name`, replacing any table published before. With
    /// an `owner`, the table is dropped when that local process ends. O(1).
    public func publishTable<Table: AnyObject & Sendable>(_ table: Table, as name: String, owner: Pid? = nil) {
        let old = state.withLock { s -> (any AnyObject & Sendable)? in
            guard s.alive else { return nil }
            if let owner { s.tableOwners[name] = owner } else { s.tableOwners[name] = nil }
            return s.tables.updateValue(table, forKey: name)
        }
        withExtendedLifetime(old) {}
    }

    /// The table published as `name`, if there is one of that type. O(1) (the name is hashed).
    public func table<Table: AnyObject & Sendable>(_ name: String, as type: Table.Type = Table.self) -> Table? {
        state.withLock { $0.tables[name] } as? Table
    }

    /// Removes the table published as `name` (Erlang's `ets:delete/1`). O(1), plus the table's
    /// `ownerEnded()`.
    public func dropTable(_ name: String) {
        let old = state.withLock { s in
            s.tableOwners[name] = nil
            return s.tables.removeValue(forKey: name)
        }
        (old as? any OwnedTable)?.ownerEnded()
    }
}

/// A table that wants to know when it stops being the published one: its owner process ended,
/// its node halted, or it was dropped. Readers that keep a reference to skip the node's registry
/// check a flag set here.
public protocol OwnedTable: AnyObject, Sendable {
    /// Called once the table is no longer published (outside the node's lock).
    func ownerEnded()
}

extension NodeState {
    /// Unpublishes the tables `owner` owns; returns them, to be told outside the lock.
    mutating func dropTables(ownedBy owner: Pid) -> [any AnyObject & Sendable] {
        let names = tableOwners.keys.filter { tableOwners[$0] == owner }.sorted()
        return names.compactMap { name in
            tableOwners[name] = nil
            return tables.removeValue(forKey: name)
        }
    }
}
