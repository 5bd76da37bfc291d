import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Testing

extension Simulation {
    /// Adds the nodes `names`, fully connected (the simulation's default).
    func cluster(_ names: NodeName...) -> [Node] { names.map { addNode($0) } }
}
