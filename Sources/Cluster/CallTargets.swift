import Distributed
import Synchronization

/// Which distributed functions a process may be asked to run: only its own type's.
///
/// A call names its function by the runtime's mangled identifier, and the runtime's
/// `executeDistributedTarget` runs whatever function that names *on whatever actor it is given*:
/// it does not check that the function belongs to the actor's type. A call meant for a `Namer`
/// that reaches a `Counter` would run `Namer`'s code on `Counter`'s memory and crash the node.
/// Every call that arrives is therefore checked here first, against the target's actual type.
///
/// The check reads only the identifier and this node's own type, never asks the runtime to
/// look up a type by a name from the wire (``WireTypes`` explains why):
/// 1. The identifier must start with `$s` followed by the mangled name of the actor's type: a
///    method's mangled name begins with its type's.
/// 2. The demangled function name must read `<the type's name>.<function>(…)`, with no further
///    dot before the parenthesis: this rejects methods of types *nested* in the actor's type,
///    whose mangled names share the prefix. The type's name is demangled the same way (from a
///    made-up function `foo()` on it), so both sides are printed by the same demangler.
///
/// Distributed functions declared in an extension in *another module* have identifiers this
/// check does not accept; the workbook declares every distributed function in its actor's own
/// module.
///
/// Cost: two demanglings the first time a (type, function) pair is seen, then one dictionary
/// look-up; only accepted pairs are cached, so hostile identifiers cannot grow the cache.
enum CallTargets {
    private static let accepted = Mutex<Set<Pair>>([])

    private struct Pair: Hashable {
        let type: ObjectIdentifier
        let method: String
    }

    /// Why `method` may not run on `actor`, or nil if it may.
    static func refusal(_ method: String, on actor: any DistributedActor, pid: Pid) -> CallError? {
        let type = type(of: actor)
        let pair = Pair(type: ObjectIdentifier(type), method: method)
        if accepted.withLock({ $0.contains(pair) }) { return nil }
        if belongs(method, to: type) {
            accepted.withLock { set in
                if set.count > 10_000 { set.removeAll() }
                set.insert(pair)
            }
            return nil
        }
        return .wrongType(pid, actual: "\(type)", expected: declaringType(of: method))
    }

    /// Whether the function `method` names is declared by `type` itself.
    static func belongs(_ method: String, to type: Any.Type) -> Bool {
        guard let mangledType = _mangledTypeName(type) else { return false }
        let prefix = "$s" + mangledType
        guard method.hasPrefix(prefix), method.count > prefix.count else { return false }
        let probe = RemoteCallTarget(prefix + "3fooyyF").description
        guard probe.hasSuffix("foo()") else { return false }
        let typePart = probe.dropLast("foo()".count)
        let name = RemoteCallTarget(method).description
        guard name.hasPrefix(typePart) else { return false }
        let member = name.dropFirst(typePart.count)
        guard let paren = member.firstIndex(of: "("), paren != member.startIndex else { return false }
        return !member[..<paren].contains(".")
    }

    /// The readable name of the type that declares `method` (`Namer` for `Namer.rename(_:)`),
    /// or the demangled function name itself if it has no type part.
    static func declaringType(of method: String) -> String {
        let name = CallNames.short(method)
        let beforeArguments = name.prefix { $0 != "(" }
        guard let dot = beforeArguments.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }
}
