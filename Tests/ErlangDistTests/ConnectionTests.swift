import Foundation
import Synchronization
import InteropKit
import Testing
@testable import ErlangDist

/// Swift nodes over real TCP, no Erlang needed: messages, monitors, links, ticks, bad peers,
/// simultaneous connects and the full mesh.
@Suite struct ConnectionTests {
    /// Nodes sharing a cookie and an EPMD port nobody else uses (the first node serves it).
    final class SwiftCluster: Sendable {
        let logs = LogLines()
        let options: DistNodeOptions
        private let nodes = Mutex<[DistNode]>([])

        convenience init(tickTime: Duration = .seconds(60), fullMesh: Bool = false) {
            var options = DistNodeOptions()
            options.epmdPort = Interop.freePort()
            options.tickTime = tickTime
            options.fullMesh = fullMesh
            options.meshInterval = .milliseconds(300)
            self.init(options: options)
        }

        init(options: DistNodeOptions) {
            var options = options
            options.log = logs.sink
            self.options = options
        }

        func node(_ prefix: String) async throws -> DistNode {
            let node = try await DistNode.start(name: Interop.uniqueName(prefix), cookie: "c", options: options)
            nodes.withLock { $0.append(node) }
            return node
        }

        func stop() { for node in nodes.withLock({ $0 }) { node.stop() } }
    }

    @Test func messagesCallsMonitorsAndLinksBetweenSwiftNodes() async throws {
        let cluster = SwiftCluster()
        defer { cluster.stop() }
        let a = try await cluster.node("a"), b = try await cluster.node("b")
        try startEchoServer(on: b)
        let worker = try startWorker(on: b, name: "worker")
        let p = try a.makeProcess()
        p.send(.tuple([.pid(p.pid), .atom("hi")]), toName: "echo", on: b.name)
        #expect(
            try await p.receiveMessage(timeout: .seconds(5)) == .tuple([.atom("echo"), .atom("hi")]),
            "\(cluster.logs.all)")
        #expect(
            try await p.call(name: "echo", on: b.name, .tuple([.atom("add"), .integer(40), .integer(2)]))
                == .integer(42))
        p.send(.tuple([.pid(p.pid), .atom("ping")]), to: worker.pid)
        #expect(try await p.receiveMessage(timeout: .seconds(5)) == .tuple([.atom("pong"), .pid(worker.pid)]))
        #expect(a.connectedNodes == [b.name] && b.connectedNodes == [a.name])
        // A monitor by pid and one by name, then the worker stops.
        let byPid = p.monitor(worker.pid), byName = p.monitor(name: "worker", on: b.name)
        try await Task.sleep(for: .milliseconds(100))
        p.send(.tuple([.atom("stop"), .atom("done")]), to: worker.pid)
        let downs = try await receiveDowns(p, count: 2)
        #expect(
            downs[byPid]?.reason == .atom("done") && downs[byName]?.object == .tuple([.atom("worker"), .atom(b.name)]))
        // A link that traps exits; the linked process is killed by exit/2.
        let linked = try startWorker(on: b)
        p.trapExits = true
        p.link(linked.pid)
        try await Task.sleep(for: .milliseconds(100))
        p.exit(linked.pid, reason: .atom("kill"))
        let exit = try await p.receive(timeout: .seconds(5)) { mail -> Term? in
            if case .exit(let from, let reason) = mail, from == linked.pid { reason } else { nil }
        }
        #expect(exit == .atom("killed"))
        // A call to a process that does not exist fails with noproc.
        await #expect(throws: DistNodeError.callFailed(.atom("noproc"))) {
            try await p.call(name: "nobody", on: b.name, .atom("x"))
        }
        // The other node stops: noconnection.
        let last = p.monitor(name: "echo", on: b.name)
        try await Task.sleep(for: .milliseconds(100))
        b.stop()
        #expect(try await receiveDowns(p, count: 1)[last]?.reason == .atom("noconnection"))
        #expect(await Interop.eventually { a.connectedNodes.isEmpty })
    }

    @Test func ticksKeepASilentLinkAndASilentPeerIsDropped() async throws {
        let cluster = SwiftCluster(tickTime: .seconds(1))
        defer { cluster.stop() }
        let a = try await cluster.node("a"), b = try await cluster.node("b")
        #expect(await a.ping(b.name))
        try await Task.sleep(for: .seconds(3))
        #expect(a.connectedNodes == [b.name] && b.connectedNodes == [a.name], "\(cluster.logs.all)")
        // A peer that completes the handshake, then never writes again.
        let raw = try Socket.connect(host: "127.0.0.1", port: a.port, timeout: .seconds(2))
        let me = Handshake.Identity(name: "mute@127.0.0.1", flags: .swiftNode, creation: 1, cookie: "c")
        _ = try Handshake.dial(
            HandshakeChannel(socket: raw, timeout: .seconds(2)), me: me, expected: a.name, stillAlive: { _ in false })
        #expect(await Interop.eventually(.seconds(1)) { a.connectedNodes.contains("mute@127.0.0.1") })
        #expect(await Interop.eventually(.seconds(4)) { !a.connectedNodes.contains("mute@127.0.0.1") })
        #expect(cluster.logs.contains("not even a tick"))
        #expect(a.connectedNodes == [b.name])
    }

    @Test func aHostilePeerIsCutOffAndTheOthersCarryOn() async throws {
        let cluster = SwiftCluster()
        defer { cluster.stop() }
        let a = try await cluster.node("a"), b = try await cluster.node("b")
        #expect(await a.ping(b.name))
        // Garbage instead of a handshake.
        let junk = try Socket.connect(host: "127.0.0.1", port: a.port, timeout: .seconds(2))
        try junk.write([0, 7] + Array("GET / H".utf8))
        #expect(await Interop.eventually { cluster.logs.contains("garbage in the handshake") }, "\(cluster.logs.all)")
        // A real handshake, then a frame header claiming 4 GiB.
        let raw = try Socket.connect(host: "127.0.0.1", port: a.port, timeout: .seconds(2))
        let me = Handshake.Identity(name: "evil@127.0.0.1", flags: .swiftNode, creation: 1, cookie: "c")
        _ = try Handshake.dial(
            HandshakeChannel(socket: raw, timeout: .seconds(2)), me: me, expected: a.name, stillAlive: { _ in false })
        try raw.write([0xFF, 0xFF, 0xFF, 0xF0, 112])
        #expect(
            await Interop.eventually { cluster.logs.contains("a frame of 4294967280 bytes, over the limit") },
            "\(cluster.logs.all)")
        #expect(await Interop.eventually { a.connectedNodes == [b.name] })
        #expect(await b.ping(a.name))
    }

    /// A peer that stops reading: sends to it only queue (the sender never blocks), the queue's
    /// cap cuts it off, and another peer is served all along.
    @Test func aPeerThatStopsReadingNeverBlocksTheOthers() async throws {
        var options = DistNodeOptions()
        options.epmdPort = Interop.freePort()
        options.fullMesh = false
        options.maxQueuedBytes = 4 << 20
        let cluster = SwiftCluster(options: options)
        defer { cluster.stop() }
        let a = try await cluster.node("a"), b = try await cluster.node("b")
        #expect(await a.ping(b.name))
        let raw = try Socket.connect(host: "127.0.0.1", port: a.port, timeout: .seconds(2))
        let me = Handshake.Identity(name: "sloth@127.0.0.1", flags: .swiftNode, creation: 1, cookie: "c")
        _ = try Handshake.dial(
            HandshakeChannel(socket: raw, timeout: .seconds(2)), me: me, expected: a.name, stillAlive: { _ in false })
        #expect(await Interop.eventually { a.connectedNodes.contains("sloth@127.0.0.1") })
        let p = try a.makeProcess()
        let nobody = ErlangPid(node: "sloth@127.0.0.1", id: 1, serial: 0, creation: 1)
        let start = ContinuousClock.now
        for _ in 0..<64 { p.send(.binary([UInt8](repeating: 7, count: 256 << 10)), to: nobody) }
        #expect(ContinuousClock.now - start < .seconds(2), "sending blocked")
        #expect(await a.ping(b.name))
        #expect(await Interop.eventually { cluster.logs.contains("the peer reads too slowly") }, "\(cluster.logs.all)")
        #expect(await Interop.eventually { a.connectedNodes == [b.name] })
        _ = raw
    }

    @Test func aNodeThatConnectsAgainReplacesItsStaleConnection() async throws {
        let cluster = SwiftCluster()
        defer { cluster.stop() }
        let a = try await cluster.node("a")
        let me = Handshake.Identity(name: "again@127.0.0.1", flags: .swiftNode, creation: 1, cookie: "c")
        let first = try Socket.connect(host: "127.0.0.1", port: a.port, timeout: .seconds(2))
        _ = try Handshake.dial(
            HandshakeChannel(socket: first, timeout: .seconds(2)), me: me, expected: a.name, stillAlive: { _ in false })
        #expect(await Interop.eventually { a.connectedNodes == ["again@127.0.0.1"] })
        let second = try Socket.connect(host: "127.0.0.1", port: a.port, timeout: .seconds(2))
        _ = try Handshake.dial(
            HandshakeChannel(socket: second, timeout: .seconds(2)), me: me, expected: a.name, stillAlive: { _ in false }
        )
        #expect(
            await Interop.eventually { cluster.logs.contains("its old connection is stale") }, "\(cluster.logs.all)")
        #expect(await Interop.eventually { a.connectedNodes == ["again@127.0.0.1"] })
    }

    @Test func simultaneousConnectsEndInOneConnection() async throws {
        let cluster = SwiftCluster()
        defer { cluster.stop() }
        for _ in 0..<5 {
            let a = try await cluster.node("a"), b = try await cluster.node("b")
            async let ab = a.connect(to: b.name)
            async let ba = b.connect(to: a.name)
            let (x, y) = await (ab, ba)
            #expect(x && y, "\(cluster.logs.all)")
            #expect(a.connectedNodes == [b.name] && b.connectedNodes == [a.name])
            let pings = (await a.ping(b.name), await b.ping(a.name))
            #expect(pings == (true, true), "\(cluster.logs.all)")
            a.stop()
            b.stop()
        }
    }

    @Test func swiftNodesMeshThroughEPMDAndStayApartWhenToldTo() async throws {
        let cluster = SwiftCluster(fullMesh: true)
        defer { cluster.stop() }
        let a = try await cluster.node("a"), b = try await cluster.node("b"), c = try await cluster.node("c")
        let all = [a.name, b.name, c.name]
        #expect(await a.ping(b.name))
        let meshed = await Interop.eventually {
            [a, b, c].allSatisfy { node in node.connectedNodes == all.filter { $0 != node.name }.sorted() }
        }
        #expect(meshed, "\([a, b, c].map(\.connectedNodes)) \(cluster.logs.all)")
        a.disconnect(c.name)
        try await Task.sleep(for: .seconds(1))
        #expect(a.connectedNodes == [b.name])
        #expect(await a.connect(to: c.name))
    }
}
