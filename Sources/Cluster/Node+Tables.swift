/// Named tables: Erlang's `ets:new(Name, [named_table, protected])`, in spirit.
///
/// pg2 keeps its state in an ETS table named `pg2_table` that its server owns and writes, and
/// that any process on the node may read directly — no message to the server, so reads are as
/// cheap as a memory lookup. Swift has no ETS; what it has is objects that are safe to share
/// between threads. A node keeps a registry of such objects by name, so that code running on the
/// node finds "the pg2 table of this node" the way Erlang code names `pg2_table`.
///
/// Ownership is a convention, as `protected` is in ETS: the publisher writes, everyone reads.
/// A crashed node loses its tables with everything else.
extension Node {
    /// Makes `table` findable on this node as `name`, replacing any table published before.
    public func publishTable<Table: AnyObject & Sendable>(_ table: Table, as name: String) {
        let old = state.withLock { s -> (any AnyObject & Sendable)? in
            guard s.alive else { return nil }
            return s.tables.updateValue(table, forKey: name)
        }
        withExtendedLifetime(old) {}
    }

    /// The table published as `name`, if there is one of that type.
    public func table<Table: AnyObject & Sendable>(_ name: String, as type: Table.Type = Table.self) -> Table? {
        state.withLock { $0.tables[name] } as? Table
    }

    /// Removes the table published as `name` (Erlang's `ets:delete/1`).
    public func dropTable(_ name: String) {
        let old = state.withLock { $0.tables.removeValue(forKey: name) }
        withExtendedLifetime(old) {}
    }
}
