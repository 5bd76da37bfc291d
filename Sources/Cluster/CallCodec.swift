import Distributed

/// Records a call's arguments on the caller's side, one payload per argument.
public struct CallEncoder: DistributedTargetInvocationEncoder {
    public typealias SerializationRequirement = any Codable

    let node: Node
    var genericSubstitutions: [String] = []
    var arguments: [Payload] = []

    /// Records `T`'s mangled name (and allows it on the receiving side). O(1) amortised.
    public mutating func recordGenericSubstitution<T>(_ type: T.Type) throws {
        guard let name = WireTypes.name(of: T.self) else {
            throw CallError.badRequest("the type \(T.self) has no mangled name")
        }
        WireTypes.register(T.self)  // the receiving node (same build) registers it the same way
        genericSubstitutions.append(name)
    }

    /// Encodes the argument with the node's codec. O(size of the encoded value).
    public mutating func recordArgument<Value: Codable>(_ argument: RemoteCallArgument<Value>) throws {
        arguments.append(try node.host.codec.encode(argument.value, for: node))
    }

    /// Nothing to record: the return type travels in the target's name. O(1).
    public mutating func recordReturnType<R: Codable>(_ type: R.Type) throws {}
    /// Nothing to record: errors travel as ``CallError`` or a registered wire type. O(1).
    public mutating func recordErrorType<E: Error>(_ type: E.Type) throws {}
    /// O(1).
    public mutating func doneRecording() throws {}
}

/// Hands a call's arguments to the target function on the receiving side.
public struct CallDecoder: DistributedTargetInvocationDecoder {
    public typealias SerializationRequirement = any Codable

    let node: Node
    let request: CallRequest
    var index = 0

    /// The call's generic substitutions, each looked up in ``WireTypes``' allow-list — never
    /// with the runtime's `_typeByName`, which crashes on malformed names from the wire.
    /// O(s) for s substitutions (each an allow-list look-up).
    public mutating func decodeGenericSubstitutions() throws -> [Any.Type] {
        try request.genericSubstitutions.map { name in
            guard let type = WireTypes.type(named: name) else {
                throw CallError.badRequest("unknown generic substitution \(name.prefix(80))")
            }
            return type
        }
    }

    /// The next argument, decoded as `Argument`. O(size of its encoding).
    public mutating func decodeNextArgument<Argument: Codable>() throws -> Argument {
        guard index < request.arguments.count else {
            throw CallError.badRequest("too few arguments for \(CallNames.short(request.method))")
        }
        defer { index += 1 }
        do {
            return try node.host.codec.decode(Argument.self, from: request.arguments[index], for: node)
        } catch {
            throw CallError.badRequest(
                "argument \(index + 1) of \(CallNames.short(request.method)) is not a \(Argument.self)")
        }
    }

    /// O(1).
    public mutating func decodeErrorType() throws -> Any.Type? { nil }
    /// O(1).
    public mutating func decodeReturnType() throws -> Any.Type? { nil }
}

/// Sends the outcome of a call back to its caller (unless the call was a cast).
public struct CallResultHandler: DistributedTargetInvocationResultHandler, Sendable {
    public typealias SerializationRequirement = any Codable

    let node: Node
    let request: CallRequest
    let caller: NodeName

    /// Replies with `value`. O(size of the encoded value), and one reply message (none for a cast).
    public func onReturn<Success: Codable>(value: Success) async throws {
        do {
            reply(.success(try node.host.codec.encode(value, for: node)))
        } catch {
            reply(
                .failure(
                    ErrorBox(
                        error: node.errorPayload(
                            CallError.badReply("cannot encode the result of \(CallNames.short(request.method))")))))
        }
    }

    /// Replies `ok` to a `Void` function. O(1): one reply message (none for a cast).
    public func onReturnVoid() async throws { reply(.success(nil)) }

    /// Replies with `error`, packed as ``ErrorPayload``. O(size of the encoded error), and one
    /// reply message (none for a cast).
    public func onThrow<Err: Error>(error: Err) async throws {
        reply(.failure(ErrorBox(error: node.errorPayload(error))))
    }

    func reply(_ result: Result<Payload?, ErrorBox>) {
        guard !request.oneWay else { return }
        node.host.send(.reply(id: request.id, result), from: node, to: caller)
    }
}

/// Readable names for call targets: `ProcessActor.echo(_:)` instead of a mangled symbol.
///
/// The runtime identifies a distributed function by its mangled name; the `Distributed` module
/// demangles it (`RemoteCallTarget.description`). Demangling costs a few microseconds, so names
/// are cached — the trace asks for one on every message.
package enum CallNames {
    private static let cache = Mutex<[String: String]>([:])

    package static func short(_ target: RemoteCallTarget) -> String { short(target.identifier) }

    package static func short(_ identifier: String) -> String {
        if let name = cache.withLock({ $0[identifier] }) { return name }
        var full = RemoteCallTarget(identifier).description
        // Drop the module ("Cluster.ProcessActor.echo(_:)" → "ProcessActor.echo(_:)").
        if let dot = full.firstIndex(of: "."), !full[..<dot].contains("(") {
            full = String(full[full.index(after: dot)...])
        }
        cache.withLock { $0[identifier] = full }
        return full
    }
}

import Synchronization
