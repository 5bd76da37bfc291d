/// A pid as distributed Erlang writes it (NEW_PID_EXT): a node name, a 32-bit ID, a 32-bit
/// serial and a 32-bit creation.
///
/// ``Pid`` carries all of it, so an Erlang pid crosses into Swift and back unchanged: the node
/// name is the full name (`a@127.0.0.1`), ``Pid/creation`` is the creation, and the 64-bit
/// ``Pid/serial`` holds Erlang's ID in its low 32 bits and Erlang's serial in its high 32 bits.
/// A pid the simulator minted (`<a.3>`) is then Erlang's `<0.3.0>` on node `a` — ID 3, serial 0.
/// Erlang orders pids by ID before node; ours by node first (see ``Pid``'s ordering), which every
/// node of a cluster shares, and which is all pg2's sorted lists need.
///
/// (Cluster does not depend on the distribution module; the real host converts with these.)
extension Pid {
    /// The pid Erlang calls `{Node, ID, Serial, Creation}`. O(1).
    public init(erlangNode node: String, id: UInt32, serial: UInt32, creation: UInt32) {
        self.init(node: NodeName(node), creation: creation, serial: UInt64(serial) << 32 | UInt64(id))
    }

    /// Erlang's ID: the low 32 bits of ``serial``.
    public var erlangID: UInt32 { UInt32(truncatingIfNeeded: serial) }

    /// Erlang's serial: the high 32 bits of ``serial``.
    public var erlangSerial: UInt32 { UInt32(truncatingIfNeeded: serial >> 32) }
}
