import Foundation
import InteropKit
import Testing
@testable import ErlangDist

/// EPMD: the messages, the embedded server, and registration that outlives its EPMD.
@Suite struct EPMDTests {
    @Test func messagesRoundTrip() throws {
        let entry = EPMDEntry(name: "node-é", port: 40_123, extra: [1, 2, 3])
        let alive = EPMDProtocol.alive2(entry)
        #expect(Array(alive.prefix(3)) == [0, UInt8(alive.count - 2), 120])
        #expect(try EPMDProtocol.parseAlive2(Array(alive.dropFirst(2))) == entry)
        #expect(try EPMDProtocol.parsePort2Reply(EPMDProtocol.port2Reply(entry)) == entry)
        #expect(try EPMDProtocol.parsePort2Reply(EPMDProtocol.port2Reply(nil)) == nil)
        let names = try EPMDProtocol.parseNamesReply(
            EPMDProtocol.namesReply(epmdPort: 4369, entries: [entry, EPMDEntry(name: "b", port: 9)]))
        #expect(names.map(\.name) == ["node-é", "b"] && names.map(\.port) == [40_123, 9])
        #expect(throws: WireError.self) { try EPMDProtocol.parseAlive2([120, 0]) }
        #expect(throws: WireError.self) { try EPMDProtocol.parsePort2Reply([119, 0, 1]) }
    }

    @Test func theEmbeddedServerRegistersLooksUpListsAndForgets() async throws {
        let server = try EPMDServer.start(port: Interop.freePort())
        defer { server.stop() }
        let entry = EPMDEntry(name: "alpha", port: 5555)
        let (socket, creation) = try EPMDClient.register(entry, epmdPort: server.port, timeout: .seconds(5))
        #expect(creation != 0)
        #expect(try await EPMDClient.lookup("alpha", host: "127.0.0.1", epmdPort: server.port) == entry)
        #expect(try await EPMDClient.lookup("beta", host: "127.0.0.1", epmdPort: server.port) == nil)
        #expect(try await EPMDClient.names(host: "127.0.0.1", epmdPort: server.port).map(\.name) == ["alpha"])
        // A second registration of a live name is refused.
        #expect(throws: EPMDError.self) { try EPMDClient.register(entry, epmdPort: server.port, timeout: .seconds(5)) }
        // Closing the registration's socket unregisters.
        socket.shutdown()
        #expect(await Interop.eventually { server.registeredNames.isEmpty })
        // Garbage does not stop the server.
        let junk = try Socket.connect(host: "127.0.0.1", port: server.port, timeout: .seconds(2))
        try junk.write([0, 3, 99, 1, 2])
        junk.shutdown()
        #expect(try await EPMDClient.names(host: "127.0.0.1", epmdPort: server.port).isEmpty)
    }

    /// No Erlang anywhere: the first node serves EPMD, the second registers with it; when the
    /// first stops, the second serves EPMD itself and a third node still finds it.
    @Test func aSwiftOnlyClusterServesItsOwnEPMDAndTakesOverWhenItsServerStops() async throws {
        let logs = LogLines()
        var options = DistNodeOptions()
        options.epmdPort = Interop.freePort()
        options.log = logs.sink
        options.fullMesh = false
        let a = try await DistNode.start(name: Interop.uniqueName("a"), cookie: "c", options: options)
        let b = try await DistNode.start(name: Interop.uniqueName("b"), cookie: "c", options: options)
        defer { a.stop(); b.stop() }
        #expect(a.isServingEPMD && !b.isServingEPMD)
        #expect(await b.ping(a.name))
        a.stop()
        #expect(await Interop.eventually { b.isServingEPMD }, "\(logs.all)")
        let c = try await DistNode.start(name: Interop.uniqueName("c"), cookie: "c", options: options)
        defer { c.stop() }
        #expect(await c.ping(b.name))
        #expect(logs.contains("registering again"))
    }

    /// A node registered with a real `epmd` that is killed serves EPMD itself, and `erl` nodes
    /// register with and look up through a Swift-served EPMD.
    @Test(.enabled(if: Interop.available, "erl is not installed: skipped"))
    func aNodeOutlivesItsEPMDAndErlangUsesASwiftServedOne() async throws {
        let epmd = try await TestEPMD()
        defer { epmd.kill() }
        let logs = LogLines()
        var options = DistNodeOptions()
        options.epmdPort = epmd.port
        options.log = logs.sink
        let swift = try await DistNode.start(name: Interop.uniqueName("swift"), cookie: "k", options: options)
        defer { swift.stop() }
        #expect(!swift.isServingEPMD)
        epmd.kill()
        #expect(await Interop.eventually { swift.isServingEPMD }, "\(logs.all)")
        let erl = try await TestErl(cookie: "k", epmdPort: epmd.port)
        defer { erl.kill() }
        #expect(await erl.eval("net_adm:ping('\(swift.name)').") == "pong", "\(logs.all)")
        let names = try await EPMDClient.names(host: "127.0.0.1", epmdPort: epmd.port).map(\.name)
        #expect(Set(names) == [NodeNames.split(swift.name)!.alive, NodeNames.split(erl.name)!.alive])
        #expect(await swift.ping(erl.name))
    }
}
