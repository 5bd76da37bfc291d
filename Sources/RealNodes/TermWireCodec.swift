import Cluster
import ErlangDist
import Foundation
import Synchronization

/// A real node's codec: every payload is one Erlang term, in the external term format.
///
/// Values map as ``ErlangDist/TermEncoder`` maps them (strings are binaries, structs maps, enum
/// cases atoms or tagged tuples), with the substrate's own types in Erlang's shapes:
/// - a ``Cluster/Pid`` is an Erlang pid; a registered Swift process (`<a@host.pg2>`) travels as a
///   pid of its own that this node keeps for its name (an Erlang peer can only monitor and
///   message pids), and a remote registered name as `{Name, Node}`;
/// - a ``Cluster/NodeName`` and an ``Cluster/Atom`` are atoms, an ``Cluster/ErlangTuple`` a tuple.
///
/// A `String` decodes from a binary, a charlist or an atom, so a group an `erl` shell names `g`
/// is the group a Swift node names `"g"`: on a Swift node an atom and a binary with the same text
/// name the same group. Cost: O(size of the value), plus a look-up per pid.
struct TermWireCodec: WireCodec {
    let aliases: NameAliases

    func encode<Value: Encodable>(_ value: Value, for node: Node) throws -> Payload {
        let encoder = TermEncoder(context: context(for: node))
        return Payload(try ExternalTermFormat.encode(try encoder.encode(value)))
    }

    func decode<Value: Decodable>(_ type: Value.Type, from payload: Payload, for node: Node) throws -> Value {
        let term = try ExternalTermFormat.decode(payload.bytes)
        return try TermDecoder(context: context(for: node)).decode(Value.self, from: term)
    }

    func describe(_ payload: Payload) -> String {
        (try? ExternalTermFormat.decode(payload.bytes)).map { "\($0)" } ?? "<\(payload.bytes.count) bytes>"
    }

    private func context(for node: Node) -> TermCodingContext { Self.context(for: node, aliases) }

    private static func context(for node: Node, _ aliases: NameAliases) -> TermCodingContext {
        TermCodingContext(
            userInfo: [.actorSystemKey: node],
            encodeSpecial: { value in
                switch value {
                case let pid as Pid: aliases.term(for: pid)
                case let name as NodeName: .atom(name.rawValue)
                case let atom as Atom: .atom(atom.name)
                case let tuple as ErlangTuple:
                    .tuple(try tuple.elements.map { try TermEncoder(context: context(for: node, aliases)).encode($0) })
                default: nil
                }
            },
            decodeSpecial: { type, term in
                switch type {
                case is Pid.Type: try aliases.pid(from: term)
                default: nil
                }
            })
    }
}

extension Term {
    /// The payload holding this term.
    var payload: Payload { Payload((try? ExternalTermFormat.encode(self)) ?? []) }

    init(payload: Payload) throws { self = try ExternalTermFormat.decode(payload.bytes) }
}

/// The pids a node keeps for its registered names, and the conversions between ``Cluster/Pid``
/// and Erlang pids.
///
/// A registered Swift process has the well-known pid `<a@host.pg2>`: "whoever holds `pg2` on
/// `a@host`". Erlang pids name one process, so the first time such a pid leaves the node it is
/// given an Erlang pid of its own, kept for the name for the node's life; frames to that pid go to
/// whoever holds the name.
final class NameAliases: Sendable {
    let nodeName: String
    private let mint: @Sendable () -> ErlangPid
    private let table = Mutex<(byName: [String: ErlangPid], byPid: [ErlangPid: String])>(([:], [:]))

    init(nodeName: String, mint: @escaping @Sendable () -> ErlangPid) {
        self.nodeName = nodeName
        self.mint = mint
    }

    /// The Erlang pid standing for this node's name `name` (made on first use).
    func alias(for name: String) -> ErlangPid {
        if let pid = table.withLock({ $0.byName[name] }) { return pid }
        let fresh = mint()
        return table.withLock { t in
            if let pid = t.byName[name] { return pid }
            t.byName[name] = fresh
            t.byPid[fresh] = name
            return fresh
        }
    }

    /// The registered name an Erlang pid of this node stands for, if it is an alias.
    func name(of pid: ErlangPid) -> String? { table.withLock { $0.byPid[pid] } }

    /// The term for `pid`: an Erlang pid, an alias, or `{Name, Node}`.
    func term(for pid: Pid) -> Term {
        if let name = pid.name {
            if pid.node.rawValue == nodeName { return .pid(alias(for: name)) }
            return .tuple([.atom(name), .atom(pid.node.rawValue)])
        }
        return .pid(erlangPid(pid))
    }

    /// The ``Cluster/Pid`` an Erlang pid (or `{Name, Node}`) stands for.
    func pid(from term: Term) throws -> Pid {
        switch term {
        case .pid(let p): return pid(p)
        case .tuple(let e) where e.count == 2:
            if case .atom(let name) = e[0], case .atom(let node) = e[1] { return Pid(named: name, on: NodeName(node)) }
        default: break
        }
        throw DecodingError.typeMismatch(Pid.self, .init(codingPath: [], debugDescription: "not a pid: \(term)"))
    }

    func pid(_ p: ErlangPid) -> Pid {
        if p.node == nodeName, let name = name(of: p) { return Pid(named: name, on: NodeName(nodeName)) }
        return Pid(erlangNode: p.node, id: p.id, serial: p.serial, creation: p.creation)
    }

    /// The Erlang pid of an ordinary ``Cluster/Pid``.
    func erlangPid(_ pid: Pid) -> ErlangPid {
        ErlangPid(node: pid.node.rawValue, id: pid.erlangID, serial: pid.erlangSerial, creation: pid.creation)
    }
}
