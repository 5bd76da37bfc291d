import Distributed
import Synchronization

/// How a server's requests look to Erlang: `{Selector, Arg…}`, the terms its Erlang counterpart
/// takes.
///
/// Between two Swift nodes a call names the function it runs (the runtime's identifier). An
/// Erlang process cannot know those names: `gen_server:call({pg2, Node}, {join, g, Pid})` names
/// a *request*. A server that Erlang should reach in its own terms declares its requests once,
/// beside its code — pg2's server: `{create, Name}`, `{join, Name, Pid}`, … each tied to the
/// Swift function that does it. On a real node (the `RealNodes` module) a request in that shape
/// runs the declared function, and a call the Swift side makes to that function travels in that
/// shape too, so Swift and Erlang see the same terms on the wire. The simulator ignores shapes.
///
/// Three kinds, as a gen_server sees them: a **call** (`'$gen_call'`, answered), a **cast**
/// (`'$gen_cast'`, not answered) and an **info** (a plain message, `Pid ! Msg`).
public protocol ErlangShaped: DistributedActor where ActorSystem == Node {
    /// The requests this server takes in Erlang's shape.
    static var erlangShape: ErlangShape<Self> { get }
}

/// A server's table of Erlang-shaped requests; see ``ErlangShaped``.
public struct ErlangShape<Server: DistributedActor>: Sendable where Server.ActorSystem == Node {
    public let entries: [ErlangRequest<Server>]

    /// A table of `entries`. O(1).
    public init(_ entries: [ErlangRequest<Server>]) { self.entries = entries }

    /// The entry for `selector` with `arity` arguments, if declared: of `kind`, else of another
    /// kind (a Swift cast of a declared call arrives as a `'$gen_cast'`). O(entries).
    public func entry(_ kind: ErlangRequestKind, _ selector: String, arity: Int) -> ErlangRequest<Server>? {
        entries.first { $0.kind == kind && $0.selector == selector && $0.arity == arity }
            ?? entries.first { $0.selector == selector && $0.arity == arity }
    }
}

/// How a request reaches an Erlang process: `gen_server:call`, `gen_server:cast` or `!`.
public enum ErlangRequestKind: String, Sendable, Hashable {
    case call, cast, info
}

/// An atom: a `Codable` value that a real node writes as an Erlang atom (`ok`, `new_pg2`) and the
/// simulator as its text.
public struct Atom: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    /// The atom `name`. O(1).
    public init(_ name: String) { self.name = name }
    /// The atom `value`. O(1).
    public init(stringLiteral value: String) { name = value }
    public var description: String { name }
    /// Decodes an atom from its name. O(length of the name).
    public init(from decoder: any Decoder) throws { name = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes the atom as its name. O(length of the name).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
    /// `ok`, what most Erlang servers answer.
    public static let ok = Atom("ok")
}

/// Reads a request's arguments, each decoded by the host's codec as the type asked for.
public struct ErlangArguments: Sendable {
    let node: Node
    let payloads: [Payload]
    /// The process that made the call (`From` of a `'$gen_call'`), if known.
    public let caller: Pid?

    package init(node: Node, payloads: [Payload], caller: Pid? = nil) {
        self.node = node
        self.payloads = payloads
        self.caller = caller
    }

    public var count: Int { payloads.count }

    /// Argument `index` (from 0) as a `Value`. O(size of the argument's payload).
    public func decode<Value: Decodable>(_ type: Value.Type = Value.self, at index: Int) throws -> Value {
        guard index < payloads.count else { throw CallError.badRequest("no argument \(index + 1)") }
        do {
            return try node.host.codec.decode(Value.self, from: payloads[index], for: node)
        } catch {
            throw CallError.badRequest("argument \(index + 1) is not a \(Value.self)")
        }
    }
}

/// One declared request: its kind, selector and arity, the Swift function it stands for (as
/// written, `join(_:_:)`), and how to run it on a server.
public struct ErlangRequest<Server: DistributedActor>: Sendable where Server.ActorSystem == Node {
    public let kind: ErlangRequestKind
    public let selector: String
    public let arity: Int
    /// The Swift function this request stands for, as written in its type: `join(_:_:)`.
    public let function: String
    let run: @Sendable (Server, ErlangArguments) async throws -> (any Encodable & Sendable)?
    /// How a Swift call of ``function`` becomes this request's arguments, when they are not the
    /// function's own arguments in order (global's `{set_lock, {Resource, Requester}}` drops the
    /// holder, which Erlang takes from the caller).
    let outbound: (@Sendable (ErlangArguments) throws -> [any Encodable & Sendable])?

    /// A request with `arity` arguments; `run` decodes them and answers (nil: no answer, `ok`).
    /// O(1).
    public init(
        _ kind: ErlangRequestKind, _ selector: String, arity: Int, function: String,
        outbound: (@Sendable (ErlangArguments) throws -> [any Encodable & Sendable])? = nil,
        run: @escaping @Sendable (Server, ErlangArguments) async throws -> (any Encodable & Sendable)?
    ) {
        self.kind = kind
        self.selector = selector
        self.arity = arity
        self.function = function
        self.outbound = outbound
        self.run = run
    }
}

/// A tuple: a real node writes it as an Erlang tuple `{A, B, …}`, the simulator as a list.
public struct ErlangTuple: Encodable, Sendable {
    public let elements: [any Encodable & Sendable]
    /// The tuple of `elements`. O(k) for k elements.
    public init(_ elements: any Encodable & Sendable...) { self.elements = elements }
    /// Encodes the elements in order, as a list. O(size of the encoded elements).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for element in elements { try container.encode(element) }
    }
}

/// The shapes every Swift function of a registered ``ErlangShaped`` type travels in, by the
/// function's readable name (`ExchangeServer.join(_:_:)`): what a sending real node consults.
package enum ErlangShapes {
    /// How one Swift function travels.
    package struct Outbound: Sendable {
        package let kind: ErlangRequestKind
        package let selector: String
        /// Rewrites the function's arguments, if the request's differ from them.
        package let arguments: (@Sendable (ErlangArguments) throws -> [any Encodable & Sendable])?
    }

    private static let outbound = Mutex<[String: Outbound]>([:])
    private static let registered = Mutex<Set<ObjectIdentifier>>([])

    /// Makes `type`'s shape known to the sending side. Idempotent; O(entries).
    package static func register<Server: ErlangShaped>(_ type: Server.Type) {
        guard registered.withLock({ $0.insert(ObjectIdentifier(type)).inserted }) else { return }
        let typeName = "\(Server.self)"
        outbound.withLock { table in
            for entry in Server.erlangShape.entries {
                guard !entry.function.isEmpty else { continue }
                table["\(typeName).\(entry.function)"] = Outbound(
                    kind: entry.kind, selector: entry.selector, arguments: entry.outbound)
            }
        }
    }

    /// The shape a call of `method` (a runtime identifier) travels in, if its type declared one.
    package static func shape(ofMethod method: String) -> Outbound? {
        let name = CallNames.short(method)
        return outbound.withLock { $0[name] }
    }
}
