/// A process identifier: which node, which incarnation of that node, which process on it.
///
/// In Erlang a pid names one process, and after the process dies the pid is not handed out again
/// for a long time: its number is reused only once the node's pid space has wrapped round, and the
/// pid carries the node's *creation* number, so a restarted node's new processes get pids its old
/// ones never had. (Since OTP 23 creation is 32 bits; before, it had only 2 bits, so the fourth
/// restart reused the first's pids.) `Pid` is the same idea without the wrapping —
/// serials and creations are 64 and 32 bits and never reused in a simulation — and it is the
/// `ActorID` of our distributed actor system (``Node``), so every distributed actor has one.
///
/// A pid is either
/// - **ordinary**: `node` + `creation` (the node's incarnation, 1 for its first life) + `serial`
///   (1, 2, 3 … in spawn order). It prints as `<a.3>`, or `<a.3@2>` for a later incarnation;
/// - **well-known**: `node` + `name`, Erlang's registered name `{pg2, Node}`. It prints as
///   `<b.pg2>`. A message to a well-known pid goes to whichever actor holds that name on that
///   node *now*, in any incarnation — just as a message to `{pg2, b}` does in Erlang.
///
/// ## Order
/// Pids are `Comparable`: by node name, then creation, then serial, then name. pg2 returns its
/// member lists sorted by pid so that every node returns the identical list; any total order that
/// all nodes share will do. (Erlang's own term order compares the process number before the
/// node; ours compares the node first, which keeps a node's pids together in a list.)
public struct Pid: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The node the process lives on.
    public let node: NodeName
    /// The incarnation of ``node`` that spawned the process (0 for well-known pids).
    public let creation: UInt32
    /// The process number on that incarnation (0 for well-known pids).
    public let serial: UInt64
    /// The registered name, for well-known pids.
    public let name: String?

    /// An ordinary pid. O(1).
    public init(node: NodeName, creation: UInt32 = 1, serial: UInt64) {
        self.node = node
        self.creation = creation
        self.serial = serial
        self.name = nil
    }

    /// A well-known pid: the actor registered as `name` on `node`, Erlang's `{Name, Node}`. O(1).
    public init(named name: String, on node: NodeName) {
        self.node = node
        self.creation = 0
        self.serial = 0
        self.name = name
    }

    /// Whether this pid addresses a registered name rather than one particular process.
    public var isWellKnown: Bool { name != nil }

    public var description: String {
        if let name { return "<\(node).\(name)>" }
        return creation == 1 ? "<\(node).\(serial)>" : "<\(node).\(serial)@\(creation)>"
    }

    /// The order above: node, creation, serial, name. O(length of the node names, or of the
    /// registered names when they decide).
    public static func < (lhs: Pid, rhs: Pid) -> Bool {
        if lhs.node != rhs.node { return lhs.node < rhs.node }
        if lhs.creation != rhs.creation { return lhs.creation < rhs.creation }
        if lhs.serial != rhs.serial { return lhs.serial < rhs.serial }
        return (lhs.name ?? "") < (rhs.name ?? "")
    }
}

extension Pid: Codable {
    /// A pid is encoded as its printed form (`"<a.3>"`, `"<a.3@2>"`, `"<b.pg2>"`): compact, and
    /// readable in a trace. Wire formats that have a pid type of their own (Erlang's external term
    /// format) encode it their own way; that choice belongs to the transport. O(length of the
    /// printed form).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes a pid from its printed form. O(length of the text).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let pid = Pid(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a pid: \(text)")
        }
        self = pid
    }

    /// Parses the printed form of a pid; `nil` if `text` is not one. O(length of `text`).
    public init?(parsing text: String) {
        guard text.hasPrefix("<"), text.hasSuffix(">") else { return nil }
        let body = text.dropFirst().dropLast()
        guard let dot = body.lastIndex(of: ".") else { return nil }
        let node = String(body[..<dot])
        let rest = body[body.index(after: dot)...]
        guard !node.isEmpty, !rest.isEmpty else { return nil }
        if let at = rest.firstIndex(of: "@") {
            guard let serial = UInt64(rest[..<at]), let creation = UInt32(rest[rest.index(after: at)...]),
                creation != 1
            else { return nil }
            self.init(node: NodeName(node), creation: creation, serial: serial)
        } else if let serial = UInt64(rest) {
            self.init(node: NodeName(node), creation: 1, serial: serial)
        } else if rest.allSatisfy(\.isNumber) {
            return nil  // a serial too large for a pid, not a name
        } else {
            self.init(named: String(rest), on: NodeName(node))
        }
    }
}
