import Foundation

/// Asking an EPMD: where a node listens, who is registered, and registering a node.
///
/// The lookups are one-shot: connect, send one request, read until EPMD closes. Registration is
/// the exception: its socket is the registration, held open for the node's life.
public enum EPMDClient {
    /// The EPMD port of this process's environment: `ERL_EPMD_PORT`, else 4369.
    public static var defaultPort: UInt16 {
        ProcessInfo.processInfo.environment["ERL_EPMD_PORT"].flatMap { UInt16($0) } ?? 4369
    }

    /// Where `name` (the part before the `@`) listens on `host`; nil when EPMD there knows no
    /// such node. Throws when EPMD cannot be reached.
    /// - Complexity: One TCP connection to EPMD on `host`, on a thread of its own: the connect
    ///   and one PORT_PLEASE2 round trip (EPMD closes after its answer). Bounded by `timeout`, to
    ///   within the 200 ms between checks, except resolving a host name (the system resolver's).
    public static func lookup(
        _ name: String, host: String, epmdPort: UInt16 = defaultPort,
        timeout: Duration = .seconds(5)
    ) async throws -> EPMDEntry? {
        try await SocketThreads.run("epmd-lookup") {
            try lookupBlocking(name, host: host, epmdPort: epmdPort, timeout: timeout)
        }
    }

    /// The nodes registered with EPMD on `host`, as (short name, port).
    /// - Complexity: As `lookup(_:host:epmdPort:timeout:)`, with one NAMES round trip; O(r) to
    ///   parse the r bytes of the answer (at most 1 MiB).
    public static func names(
        host: String, epmdPort: UInt16 = defaultPort,
        timeout: Duration = .seconds(5)
    ) async throws -> [(name: String, port: UInt16)] {
        try await SocketThreads.run("epmd-names") {
            try namesBlocking(host: host, epmdPort: epmdPort, timeout: timeout)
        }
    }

    static func lookupBlocking(_ name: String, host: String, epmdPort: UInt16, timeout: Duration) throws -> EPMDEntry? {
        let reply = try oneShot(EPMDProtocol.portPlease2(name), host: host, epmdPort: epmdPort, timeout: timeout)
        return try EPMDProtocol.parsePort2Reply(reply)
    }

    static func namesBlocking(host: String, epmdPort: UInt16, timeout: Duration) throws -> [(
        name: String, port: UInt16
    )] {
        try EPMDProtocol.parseNamesReply(
            try oneShot(EPMDProtocol.names(), host: host, epmdPort: epmdPort, timeout: timeout))
    }

    private static func oneShot(_ request: [UInt8], host: String, epmdPort: UInt16, timeout: Duration) throws -> [UInt8]
    {
        let deadline = ContinuousClock.now + timeout
        let socket = try Socket.connect(host: host, port: epmdPort, timeout: timeout)
        defer { socket.shutdown() }
        socket.setReceiveTimeout(.milliseconds(200))
        try socket.write(request)
        return try socket.readToEnd(limit: 1 << 20) { () throws(SocketError) in
            if ContinuousClock.now > deadline { throw .timedOut("EPMD at \(host):\(epmdPort)") }
        }
    }

    /// Registers `entry` with the EPMD at 127.0.0.1:`epmdPort`; returns the socket to keep open
    /// and the creation EPMD assigned.
    static func register(_ entry: EPMDEntry, epmdPort: UInt16, timeout: Duration) throws -> (Socket, UInt32) {
        let deadline = ContinuousClock.now + timeout
        let socket = try Socket.connect(host: "127.0.0.1", port: epmdPort, timeout: timeout)
        socket.setReceiveTimeout(.milliseconds(200))
        try socket.write(EPMDProtocol.alive2(entry))
        let idle = { () throws(SocketError) in
            if ContinuousClock.now > deadline { throw .timedOut("ALIVE2 to EPMD on port \(epmdPort)") }
        }
        let tag = try socket.read(exactly: 1, idle: idle)[0]
        let rest: [UInt8]
        switch tag {
        case EPMDProtocol.alive2ExtendedResponse: rest = try socket.read(exactly: 5, idle: idle)
        case EPMDProtocol.alive2Response: rest = try socket.read(exactly: 3, idle: idle)
        default: throw EPMDError.badReply(tag)
        }
        guard rest[0] == 0 else { throw EPMDError.refused(entry.name) }
        var r = WireReader(Array(rest.dropFirst()))
        let creation = tag == EPMDProtocol.alive2ExtendedResponse ? try r.u32() : UInt32(try r.u16())
        socket.setReceiveTimeout(nil)
        return (socket, creation)
    }
}

/// Why EPMD would not do what was asked.
public enum EPMDError: Error, CustomStringConvertible {
    /// EPMD refused the registration: the name is taken.
    case refused(String)
    /// EPMD answered with something that is not an answer to the request.
    case badReply(UInt8)
    /// No EPMD could be reached or served on the port.
    case unavailable(UInt16, String)

    public var description: String {
        switch self {
        case .refused(let name): "EPMD refused to register \(name): the name is taken"
        case .badReply(let tag): "EPMD answered with an unexpected message (\(tag))"
        case .unavailable(let port, let why): "no EPMD on port \(port), and none could be served: \(why)"
        }
    }
}
