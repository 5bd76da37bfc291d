import Foundation
import Synchronization

/// An EPMD served by a Swift node, for hosts where no Erlang is installed.
///
/// A cluster of Swift nodes must not need `epmd` from an Erlang installation, so the first
/// node on a host that finds nobody on the EPMD port serves it itself (as the Go implementation
/// ergo does). It speaks the same protocol as `epmd`: Erlang nodes register with it and look
/// Swift nodes up through it. If the serving node stops, the others notice their registrations
/// close and one of them takes over (``EPMDRegistration``).
///
/// One thread accepts; each client gets a thread, which for a registration lives as long as the
/// registered node keeps the socket open.
public final class EPMDServer: Sendable {
    /// The port this server listens on.
    public let port: UInt16

    private struct Registered {
        var entry: EPMDEntry
        var client: UInt64
    }

    private struct State {
        var names: [String: Registered] = [:]
        var clients: [UInt64: Socket] = [:]
        var nextClient: UInt64 = 0
        var stopped = false
    }

    private let listener: Socket
    private let state = Mutex(State())
    private let log: @Sendable (String) -> Void
    /// Clients beyond this many are refused (each costs a thread).
    private let maxClients = 512

    private init(listener: Socket, log: @escaping @Sendable (String) -> Void) {
        self.listener = listener
        self.port = listener.localPort
        self.log = log
    }

    /// Listens on `port` of every interface and starts serving; throws if the port is taken.
    /// O(1): a listening socket and the accepting thread; nothing goes over the network.
    public static func start(port: UInt16, log: @escaping @Sendable (String) -> Void = { _ in }) throws -> EPMDServer {
        let server = EPMDServer(listener: try Socket.listen(port: port), log: log)
        SocketThreads.start("epmd-accept") { server.acceptLoop() }
        return server
    }

    /// The short names registered right now, sorted.
    public var registeredNames: [String] { state.withLock { $0.names.keys.sorted() } }

    /// Stops serving: closes the listener and every client, which unregisters everyone.
    /// O(c) for the c clients, each socket shut down; nothing waits for their threads to end.
    public func stop() {
        let sockets = state.withLock { s -> [Socket] in
            s.stopped = true
            return Array(s.clients.values)
        }
        listener.shutdown()
        for socket in sockets { socket.shutdown() }
    }

    private func acceptLoop() {
        while true {
            guard let client = try? listener.accept() else { return }
            let id = state.withLock { s -> UInt64? in
                guard !s.stopped, s.clients.count < maxClients else { return nil }
                s.nextClient += 1
                s.clients[s.nextClient] = client
                return s.nextClient
            }
            guard let id else { client.shutdown(); continue }
            SocketThreads.start("epmd-client") { [self] in
                serve(client, id: id)
                state.withLock { s in
                    s.clients[id] = nil
                    s.names = s.names.filter { $0.value.client != id }
                }
                client.shutdown()
            }
        }
    }

    private func serve(_ client: Socket, id: UInt64) {
        let deadline = ContinuousClock.now + .seconds(10)
        client.setReceiveTimeout(.milliseconds(500))
        let idle = { () throws(SocketError) in
            if ContinuousClock.now > deadline { throw .timedOut("an EPMD request") }
        }
        do {
            let header = try client.read(exactly: 2, idle: idle)
            let length = Int(header[0]) << 8 | Int(header[1])
            guard length > 0 else { return }
            let body = try client.read(exactly: length, idle: idle)
            switch body[0] {
            case EPMDProtocol.alive2Request:
                try register(body, client: client, id: id)
            case EPMDProtocol.portPlease2Request:
                let name = String(decoding: body.dropFirst(), as: UTF8.self)
                let entry = state.withLock { $0.names[name]?.entry }
                try client.write(EPMDProtocol.port2Reply(entry))
            case EPMDProtocol.namesRequest:
                let entries = state.withLock { $0.names.values.map(\.entry).sorted { $0.name < $1.name } }
                try client.write(EPMDProtocol.namesReply(epmdPort: port, entries: entries))
            default:
                log("EPMD: ignoring request \(body[0]) (\(length) bytes); closing that client")
            }
        } catch {
            return
        }
    }

    /// Registers the entry and then holds the socket until the node closes it.
    private func register(_ body: [UInt8], client: Socket, id: UInt64) throws {
        let entry: EPMDEntry
        do {
            entry = try EPMDProtocol.parseAlive2(body)
        } catch {
            log("EPMD: a malformed ALIVE2 request (\(error)); closing that client")
            return
        }
        let creation = UInt32.random(in: 4...UInt32.max)
        let accepted = state.withLock { s -> Bool in
            guard s.names[entry.name] == nil else { return false }
            s.names[entry.name] = Registered(entry: entry, client: id)
            return true
        }
        try client.write(EPMDProtocol.alive2Reply(ok: accepted, creation: accepted ? creation : 0))
        guard accepted else {
            log("EPMD: refused to register \(entry.name): the name is taken")
            return
        }
        client.setReceiveTimeout(nil)
        _ = try? client.readToEnd(limit: 1 << 16)
    }
}
