/// Control messages: everything one node tells another about its processes.
///
/// Once connected, nodes exchange frames, and each frame's first term is a control message, a
/// tuple whose first element is an operation code: "deliver what follows to this pid" (SEND),
/// "to this registered name" (REG_SEND), "these two processes are now linked" (LINK), "this
/// process died and you were linked to it" (EXIT), "tell me when this process dies" (MONITOR_P)
/// and its answer (MONITOR_P_EXIT), and so on. SEND and REG_SEND are followed by a second term,
/// the message itself. The `_TT` variants carry a sequential-trace token; this node reads them
/// and ignores the token.
public enum ControlMessage: Sendable, Equatable {
    case link(from: ErlangPid, to: ErlangPid)
    case send(to: ErlangPid)
    case exit(from: ErlangPid, to: ErlangPid, reason: Term)
    /// The old unlink (op 4), used by peers without UNLINK_ID.
    case unlink(from: ErlangPid, to: ErlangPid)
    case nodeLink
    case regSend(from: ErlangPid, to: String)
    case groupLeader(from: ErlangPid, to: ErlangPid)
    case exit2(from: ErlangPid, to: ErlangPid, reason: Term)
    case monitor(from: ErlangPid, target: MonitorTarget, ref: ErlangReference)
    case demonitor(from: ErlangPid, target: MonitorTarget, ref: ErlangReference)
    /// The monitored process (named as the monitor named it) ended with `reason`.
    case monitorExit(target: MonitorTarget, to: ErlangPid, ref: ErlangReference, reason: Term)
    case unlinkID(id: Term, from: ErlangPid, to: ErlangPid)
    case unlinkIDAck(id: Term, from: ErlangPid, to: ErlangPid)

    /// Whether a message term follows this control message in its frame.
    public var carriesMessage: Bool {
        switch self {
        case .send, .regSend: true
        default: false
        }
    }

    /// The control tuple.
    public var term: Term {
        func op(_ code: Int64, _ rest: Term...) -> Term { .tuple([.integer(code)] + rest) }
        switch self {
        case .link(let from, let to): return op(1, .pid(from), .pid(to))
        case .send(let to): return op(2, .atom(""), .pid(to))
        case .exit(let from, let to, let reason): return op(3, .pid(from), .pid(to), reason)
        case .unlink(let from, let to): return op(4, .pid(from), .pid(to))
        case .nodeLink: return op(5)
        case .regSend(let from, let name): return op(6, .pid(from), .atom(""), .atom(name))
        case .groupLeader(let from, let to): return op(7, .pid(from), .pid(to))
        case .exit2(let from, let to, let reason): return op(8, .pid(from), .pid(to), reason)
        case .monitor(let from, let target, let ref): return op(19, .pid(from), target.term, .reference(ref))
        case .demonitor(let from, let target, let ref): return op(20, .pid(from), target.term, .reference(ref))
        case .monitorExit(let target, let to, let ref, let reason):
            return op(21, target.term, .pid(to), .reference(ref), reason)
        case .unlinkID(let id, let from, let to): return op(35, id, .pid(from), .pid(to))
        case .unlinkIDAck(let id, let from, let to): return op(36, id, .pid(from), .pid(to))
        }
    }

    /// Reads a control tuple; throws on an unknown operation or a malformed one. O(1): the tuple's
    /// elements are shared, not copied (an error's text renders at most about 120 characters of it).
    public init(_ term: Term) throws(FrameError) {
        guard case .tuple(let e) = term, let first = e.first else {
            throw .malformedControl("the control message is not a tuple: \(term.brief)")
        }
        guard case .integer(let code) = first else { throw .malformedControl("the operation is not an integer") }
        func pid(_ i: Int) throws(FrameError) -> ErlangPid {
            guard i < e.count, case .pid(let p) = e[i] else {
                throw .malformedControl("op \(code): element \(i + 1) is not a pid")
            }
            return p
        }
        func ref(_ i: Int) throws(FrameError) -> ErlangReference {
            guard i < e.count, case .reference(let r) = e[i] else {
                throw .malformedControl("op \(code): element \(i + 1) is not a reference")
            }
            return r
        }
        func target(_ i: Int) throws(FrameError) -> MonitorTarget {
            guard i < e.count, let t = MonitorTarget(e[i]) else {
                throw .malformedControl("op \(code): element \(i + 1) is neither a pid nor an atom")
            }
            return t
        }
        func name(_ i: Int) throws(FrameError) -> String {
            guard i < e.count, case .atom(let a) = e[i] else {
                throw .malformedControl("op \(code): element \(i + 1) is not an atom")
            }
            return a
        }
        func arity(_ n: Int) throws(FrameError) {
            guard e.count == n else { throw .malformedControl("op \(code) has \(e.count) elements, not \(n)") }
        }
        switch code {
        case 1: try arity(3); self = .link(from: try pid(1), to: try pid(2))
        case 2: try arity(3); self = .send(to: try pid(2))
        case 12: try arity(4); self = .send(to: try pid(2))
        case 3: try arity(4); self = .exit(from: try pid(1), to: try pid(2), reason: e[3])
        case 13: try arity(5); self = .exit(from: try pid(1), to: try pid(2), reason: e[4])
        case 4: try arity(3); self = .unlink(from: try pid(1), to: try pid(2))
        case 5: try arity(1); self = .nodeLink
        case 6: try arity(4); self = .regSend(from: try pid(1), to: try name(3))
        case 16: try arity(5); self = .regSend(from: try pid(1), to: try name(3))
        case 7: try arity(3); self = .groupLeader(from: try pid(1), to: try pid(2))
        case 8: try arity(4); self = .exit2(from: try pid(1), to: try pid(2), reason: e[3])
        case 18: try arity(5); self = .exit2(from: try pid(1), to: try pid(2), reason: e[4])
        case 19: try arity(4); self = .monitor(from: try pid(1), target: try target(2), ref: try ref(3))
        case 20: try arity(4); self = .demonitor(from: try pid(1), target: try target(2), ref: try ref(3))
        case 21: try arity(5); self = .monitorExit(target: try target(1), to: try pid(2), ref: try ref(3), reason: e[4])
        case 35: try arity(4); self = .unlinkID(id: e[1], from: try pid(2), to: try pid(3))
        case 36: try arity(4); self = .unlinkIDAck(id: e[1], from: try pid(2), to: try pid(3))
        default: throw .unknownOperation(code)
        }
    }
}

/// What a monitor watches: a pid, or a name registered on the monitored node.
public enum MonitorTarget: Sendable, Hashable {
    case pid(ErlangPid)
    case name(String)

    init?(_ term: Term) {
        switch term {
        case .pid(let p): self = .pid(p)
        case .atom(let a): self = .name(a)
        default: return nil
        }
    }

    var term: Term {
        switch self {
        case .pid(let p): .pid(p)
        case .name(let n): .atom(n)
        }
    }
}

extension Term {
    /// A short rendering in Erlang syntax for log lines: at most about 120 characters, however
    /// large the term (a hostile term is never rendered whole).
    var brief: String {
        var out = ""
        Term.render(self, into: &out, budget: 120)
        return out
    }

    private static func render(_ term: Term, into out: inout String, budget: Int) {
        guard out.count < budget else { return }
        func seq(_ items: [Term], _ open: String, _ close: String) {
            out += open
            for (i, item) in items.enumerated() {
                if out.count >= budget { out += "…"; break }
                if i > 0 { out += "," }
                render(item, into: &out, budget: budget)
            }
            out += close
        }
        switch term {
        case .integer(let v): out += String(v)
        case .bigInteger(let negative, let magnitude): out += (negative ? "-" : "") + "<big \(magnitude.count) bytes>"
        case .float(let d): out += String(d)
        case .atom(let a): out += a.count > 60 ? "'\(a.prefix(60))…'" : "'\(a)'"
        case .tuple(let items): seq(items, "{", "}")
        case .list(let items, let tail):
            seq(items, "[", tail == .nil ? "]" : "|…]")
        case .nil: out += "[]"
        case .binary(let bytes): out += "<<\(bytes.count) bytes>>"
        case .bitBinary(let bytes, let bits): out += "<<\(bytes.count) bytes, \(bits) bits>>"
        case .map(let entries): out += "#{\(entries.count) keys}"
        case .pid(let p): out += "<\(p.node).\(p.id).\(p.serial)>"
        case .reference(let r): out += "#Ref<\(r.node).\(r.ids.map(String.init).joined(separator: "."))>"
        case .opaque(let tag, let bytes): out += "#Opaque<\(tag), \(bytes.count) bytes>"
        }
        if out.count > budget { out = String(out.prefix(budget)) + "…" }
    }
}
