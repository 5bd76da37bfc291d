import Cluster
import Foundation
import TestKit
import Testing

@Suite struct PidTests {
    @Test func pidsPrintLikeErlangsShortForm() {
        #expect(Pid(node: "a", serial: 3).description == "<a.3>")
        #expect(Pid(node: "b", creation: 2, serial: 7).description == "<b.7@2>")
        #expect(Pid(named: "pg2", on: "c").description == "<c.pg2>")
    }

    @Test func pidsOrderByNodeThenCreationThenSerial() {
        let pids = [
            Pid(node: "b", serial: 1), Pid(node: "a", creation: 2, serial: 1),
            Pid(node: "a", serial: 10), Pid(node: "a", serial: 2),
        ]
        #expect(pids.sorted().map(\.description) == ["<a.2>", "<a.10>", "<a.1@2>", "<b.1>"])
    }

    @Test func pidsSurviveACodableRoundTrip() throws {
        let pids = [Pid(node: "a", serial: 3), Pid(node: "b", creation: 4, serial: 9), Pid(named: "pg2", on: "c")]
        let data = try JSONEncoder().encode(pids)
        #expect(String(decoding: data, as: UTF8.self) == #"["<a.3>","<b.9@4>","<c.pg2>"]"#)
        #expect(try JSONDecoder().decode([Pid].self, from: data) == pids)
    }

    @Test func malformedPidTextIsRejected() {
        for text in ["a.3", "<a>", "<.3>", "<a.>", "<a.3@1>", "<a.x@2>"] {
            #expect(Pid(parsing: text) == nil, "\(text)")
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pid.self, from: Data(#""<a>""#.utf8)) }
    }

    @Test func aSpawnedProcessGetsTheNextSerialOfItsNode() async throws {
        let sim = simulation(seed: 1)
        let a = sim.addNode("a")
        let p1 = a.spawnProcess(), p2 = a.spawnProcess()
        #expect(p1.id == Pid(node: "a", creation: 1, serial: 1))
        #expect(p2.id == Pid(node: "a", creation: 1, serial: 2))
        #expect(a.processes == [p1.id, p2.id])
    }
}

/// An Erlang pid crosses into ``Pid`` and back unchanged.
@Suite struct ErlangPidTests {
    @Test func anErlangPidRoundTrips() {
        for (id, serial, creation) in [
            (0, 0, 1), (85, 0, 3), (UInt32.max, UInt32.max, UInt32.max), (7, 2, 1_700_000_000),
        ]
            as [(UInt32, UInt32, UInt32)]
        {
            let pid = Pid(erlangNode: "a@127.0.0.1", id: id, serial: serial, creation: creation)
            #expect(pid.node.rawValue == "a@127.0.0.1" && pid.creation == creation)
            #expect(pid.erlangID == id && pid.erlangSerial == serial)
        }
    }

    @Test func aSimulatedPidIsIDAndSerialZero() {
        let pid = Pid(node: "a", serial: 3)
        #expect(pid.erlangID == 3 && pid.erlangSerial == 0)
        #expect(Pid(erlangNode: "a", id: 3, serial: 0, creation: 1) == pid)
    }
}
