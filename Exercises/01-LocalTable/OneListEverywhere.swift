import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 1.2 — One list on every node
///
/// **The situation.** A sharded cache runs one cache process per shard, all in the pg2 group
/// `cache`. A node that needs key `k` reads `get_members(cache)` and sends the request to the
/// entry at position `hash(k) % count`. That works only if every node holds the *identical* list:
/// if node a reads `[p, q]` and node b reads `[q, p]`, the two send the same key to different
/// shards, and the cache silently splits in two. Yet no two nodes build their tables alike — each
/// hears of the joins in its own order.
///
/// **Your task.** Write ``listsAgreeEverywhere(_:)`` below: a scenario that returns `true` if
/// tables built by `makeTable` list their members as pg2 promises, and `false` — or throws — if
/// not. Edit only this function.
/// - `makeTable(node)` gives a new, empty table of that node (a ``TableUnderTest``); call it as
///   often as you like. All the tables it makes are built the same way.
/// - The promise (rule 5 of Chapters/PG2Rules.md): tables that know the same members, with the same
///   counts, list them identically, each pid's copies side by side, pids ascending in the
///   workbook's order — ``Cluster/Pid``'s `<`: node, then creation (the node's incarnation),
///   then serial, compared as numbers.
/// - The tests run your scenario on chapter 1's table (it must return `true`) and on three planted
///   copies that order the list wrongly, each in its own way: one by the order in which the pids
///   first joined, one by process number (serial) alone, one by the pids' printed text, `<a.10>`.
///   Each is right whenever its order happens to agree with the real one. Which inputs make each
///   show itself?
///
/// **Why it matters in pg2.** pg2's table is an ETS `ordered_set`, so `group_members` visits the
/// `{member, Name, Pid}` rows in key order and repeats each pid by its count: the list depends on
/// *which* members a node knows, never on the order it learnt them. A list ordered by arrival
/// differs between nodes; an order with ties (serials alone) breaks the ties by arrival, which is
/// the same thing; and an order that every node shares but that is not the documented one (text)
/// breaks every reader that relies on the documented one — a binary search by `<`, a merge of two
/// sorted lists.
///
/// **Hints:** `swift run workbook hint 1.2` (three levels).
public func listsAgreeEverywhere(_ makeTable: (NodeName) -> TableUnderTest) throws -> Bool {
    // TODO(1.2): build tables of two nodes, compare their lists with each other and with rule 5's order.
    throw TODO("1.2: write a scenario that tells tables listing members in pg2's order from the three that do not")
}
