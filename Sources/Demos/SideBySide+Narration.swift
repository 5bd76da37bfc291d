import Anomalies
import Cluster

extension SideBySide.Run {
    /// What the pg demos (`pg-a1` … `pg-a3`) say at each moment of an anomaly's run: the phases
    /// that mark its steps, and each node's view in between. The steps themselves are the
    /// anomaly's script (``Anomalies/PG2Anomaly/script(_:)``); only the words are here.
    func narrate(
        _ anomaly: PG2Anomaly, _ moment: AnomalyScript.Moment, _ p: Pid?, _ nodes: [Node], _ context: DemoContext
    ) {
        let p = p.map(\.description) ?? "p"
        switch (anomaly, moment) {
        case (.a1, .setUp):
            context.phase(
                "partition",
                module == .pg
                    ? "Cut {a, b} off from c. Then a, the node \(p) lives on, leaves it from g: g's last entry. c "
                        + "lost a's scope at the cut (its monitor on <a.pg> said noconnection), and with it every "
                        + "entry a had reported."
                    : "Cut {a, b} off from c; then a deletes g, on the nodes it can reach.")
            context.say("before the cut: " + describe(nodes))
        case (.a1, .written):
            context.say("after the leave: " + describe(nodes))
            context.phase(
                "heal",
                "Mend the links. Each side hears nodeup, and the scopes discover each other again: each sends the "
                    + "other a sync with its own members — a's has none left, so nobody brings g back.")
        case (.a1, .mended):
            context.say("after the heal, no node has g: " + describe(nodes))
        case (.a2, .setUp):
            context.phase(
                "cut a–b",
                "Cut only the a–b link; both still see c. Then \(p) leaves g — under pg only c, its own node, "
                    + "can make it, and c tells both a and b.")
            context.say("before the cut: " + describe(nodes))
        case (.a2, .written):
            context.say("after the leave: " + describe(nodes))
            context.phase(
                "mend a–b",
                "Mend the a–b link. a and b discover each other and sync: each reports only its own members, and "
                    + "neither has any, so nothing comes back.")
        case (.a2, .mended):
            context.say("after the mend, every node agrees: " + describe(nodes))
        case (.a3, .setUp):
            context.phase(
                "cut a–b",
                "Cut only the a–b link; \(p) lives on c, which both still see. Then \(p) joins g twice — "
                    + "under pg both joins are c's to make, and c relays each to a and to b.")
        case (.a3, .written):
            context.say("after both joins: " + describe(nodes))
            context.phase(
                "mend a–b",
                "Mend the a–b link. a and b sync: each reports its own members — none — and nothing about "
                    + "\(p), which only c speaks for. Nothing is maxed or merged.")
        case (.a3, .mended):
            context.say("after the mend, every node counts two joins: " + describe(nodes))
        case (.a4, _):
            break
        }
    }
}
