import Cluster
import LocalTable

/// pg2's `get_closest_pid`: pick a member to talk to, preferring one on this node.
///
/// The rules, in pg2's order:
/// 1. exactly one local entry → that pid;
/// 2. no local entry → a random entry of all members; no members at all → ``LocalTable/PG2Error/noProcess(_:)``;
/// 3. two or more local entries (two pids, or one pid joined twice) → a random local entry;
/// and an unknown group → ``LocalTable/PG2Error/noSuchGroup(_:)``.
///
/// "Random entry" means uniform over the *list*, so a pid joined twice is twice as likely: the
/// count is a weight. pg2 draws from the clock and a unique integer; we draw from the node's
/// seeded generator, so a simulation replays the same choices.
///
/// The two reads are separate, as in pg2. If the group is deleted between them, pg2's second
/// read returns an error tuple and the random pick crashes the caller (anomaly A6 of the rules,
/// Chapters/PG2Rules.md); here the second read throws ``LocalTable/PG2Error/noSuchGroup(_:)``.
public enum ClosestMember {
    /// Chooses a member of `name` from `table`, drawing from `random`.
    /// - Complexity: one or two reads of the group's view — O(1) each, or O(m log m) for m
    ///   distinct members if the group was written since its last read — and at most one random
    ///   draw.
    public static func choose(
        in name: GroupName, table: GroupTable, using random: inout some RandomNumberGenerator
    ) throws(PG2Error) -> Pid {
        try choose(
            in: name, localMembers: { () throws(PG2Error) in try table.localMembers(of: name) },
            members: { () throws(PG2Error) in try table.members(of: name) }, using: &random)
    }

    /// The same choice, over pg2's two reads given as functions and made in pg2's order: the
    /// local members first, then — only if there are none — all members. Nothing holds the table
    /// between them: a write can land in between (anomaly A6), and a test can play that write
    /// inside `members`, as in `ClosestMemberTests`.
    /// - Complexity: the reads' costs, and at most one random draw.
    public static func choose(
        in name: GroupName, localMembers: () throws(PG2Error) -> [Pid], members: () throws(PG2Error) -> [Pid],
        using random: inout some RandomNumberGenerator
    ) throws(PG2Error) -> Pid {
        let local = try localMembers()
        switch local.count {
        case 1:
            return local[0]
        case 0:
            let all = try members()
            guard let pick = all.randomElement(using: &random) else { throw .noProcess(name) }
            return pick
        default:
            return local.randomElement(using: &random)!
        }
    }
}
