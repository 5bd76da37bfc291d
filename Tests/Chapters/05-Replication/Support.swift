import Cluster
import Foundation
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import Testing
