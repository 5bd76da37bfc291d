import Cluster
import WorkbookSupport

/// ## Exercise 0.1 — Predict the DOWN
///
/// **The situation.** You are on call for a chat service whose rooms are pg2 groups. A user's
/// session process on node b has vanished from a room, and the room's server on node a logged a
/// single DOWN for it, reason `noconnection`. Was the session killed? Did b crash, or restart?
/// Was there only a network blip, and is the session still alive over there? Before you read one
/// more log line, you should know what each of these failures looks like *from a*: which DOWN a
/// monitor delivers, and how many.
///
/// **Your task.** Implement ``predictedDowns(_:)`` below. Edit only that function (the types
/// above it describe the scenarios; leave them as they are).
/// - A ``MonitorScenario`` is a little story on two nodes: node a monitors a process that lives
///   on a or on b (``MonitorScenario/home``); some ``MonitorScenario/Step``s happen before the
///   monitor is set, some after. The cluster settles after every step: every message in flight
///   arrives, every DOWN is delivered.
/// - Return the reasons of the DOWNs the monitor delivers to node a, in order — an empty list if
///   it delivers none.
/// - Predict; do not run anything. The function is synchronous on purpose: the tests run each
///   scenario in a real simulation and compare the DOWNs it delivered with yours, over a fixed
///   set of stories and then forty drawn from a seeded generator.
///
/// Everything you need is in the substrate's overview, `Sources/Cluster/Substrate.swift`
/// (**Monitors are how anyone learns of death**, and **Connections** under *Where Swift
/// differs*), and in the rules that open `Sources/Cluster/Node+Monitors.swift`.
///
/// **Why it matters in pg2.** pg2 learns of a member's death only through its monitor: each DOWN
/// runs `member_died`, whatever the reason. So a monitor's promises are pg2's: exactly one DOWN
/// per monitor means a member is removed once; `noproc` for a pid that is already gone means a
/// join of a dead pid cleans itself up; and `noconnection` — "dead, or only cut off" — means a
/// partition removes members that are alive and well on the other side, which is why a pg2
/// server must exchange its table with a node that comes back (chapter 6).
///
/// **Hints:** `swift run workbook hint 0.1` (three levels).
public func predictedDowns(_ scenario: MonitorScenario) throws -> [ExitReason] {
    // TODO(0.1): follow the steps, and say which DOWNs node a's monitor delivers.
    throw TODO("0.1: predict the DOWNs node a's monitor delivers in this scenario")
}

/// One monitor, and what happens around it: the story a prediction is about.
///
/// Two nodes, a and b. Node a monitors one process, which lives on ``home``. First the
/// ``before`` steps happen, one by one; then a monitors the process; then the ``after`` steps
/// happen. After every step the cluster settles: every message in flight arrives and every DOWN
/// is delivered before the next step.
public struct MonitorScenario: Hashable, Sendable, CustomStringConvertible {
    /// Where the monitored process lives.
    public enum Home: Hashable, Sendable {
        /// On node a, the node that monitors it.
        case watcherNode
        /// On node b.
        case otherNode
    }

    /// Something that happens in the cluster.
    public enum Step: Hashable, Sendable, CustomStringConvertible {
        /// The last reference to the process goes, and its deinit ends it (if it still runs).
        case finish
        /// `sim.kill(pid)`: Erlang's `exit(Pid, kill)`.
        case kill
        /// `exit(pid, reason: .other(reason))` on the process's own node: `exit(Pid, Reason)`.
        case exit(String)
        /// `sim.partition(["a"], ["b"])`: the link a–b is cut.
        case partition
        /// `sim.heal()`: the link a–b is mended; a and b connect again if both are up.
        case heal
        /// `sim.crash("b")`: node b's running incarnation stops, with every process on it.
        case crashB
        /// `sim.restart("b")`: a new incarnation of b starts (the running one crashes first).
        case restartB

        public var description: String {
            switch self {
            case .finish: "finish"
            case .kill: "kill"
            case .exit(let reason): "exit(\(reason))"
            case .partition: "partition"
            case .heal: "heal"
            case .crashB: "crash b"
            case .restartB: "restart b"
            }
        }
    }

    public var home: Home
    public var before: [Step]
    public var after: [Step]

    public init(home: Home, before: [Step] = [], after: [Step] = []) {
        self.home = home
        self.before = before
        self.after = after
    }

    /// e.g. `a monitors a process on b — before: kill; after: heal`.
    public var description: String {
        let steps = { (steps: [Step]) in steps.isEmpty ? "nothing" : steps.map(\.description).joined(separator: ", ") }
        return "a monitors a process on \(home == .watcherNode ? "a" : "b") — before: \(steps(before)); "
            + "after: \(steps(after))"
    }
}
