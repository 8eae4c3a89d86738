/// Which step of an abstract state's expansion (`AbstractFolios.
/// forEachSuccessor`) a step is, the same in a larger part of the state
/// (`PairViews`): its group, its place in the group's list (the lists are
/// alike for every representative size), and for an action on an
/// unmarked subpage, that subpage's key and the copies of it.
struct StepID: Hashable {
  enum Group: UInt64 {
    case others, ioctl, markedLane0, markedLane1, actingLane, actingIoctl
  }

  let bits: UInt64

  init(_ group: Group, _ ordinal: Int, key: UInt32 = 0, copies: Int = 0) {
    bits = group.rawValue | UInt64(copies) << 3 | UInt64(ordinal) << 8 | UInt64(key) << 32
  }

  /// An action on an unmarked subpage.
  var acting: Bool { bits & 7 >= Group.actingLane.rawValue }

  /// Whether this is run on a representative acting on key `k`, `copies`
  /// times: an action on an unmarked subpage of that key and count.
  func acts(on k: UInt32, copies: Int) -> Bool {
    acting && bits >> 32 == UInt64(k) && (bits >> 3) & 3 == UInt64(copies)
  }
}
