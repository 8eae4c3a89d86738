/// Who performs an action.
public enum Actor: String, Sendable, CaseIterable {
  case guest
  case vmm = "VMM"
  case iommu = "IOMMU"
  case compaction
}

/// Every kind of action of MODEL.md section 2, in the order successors
/// are generated (guest, VMM, IOMMU, compaction).
public enum ActionKind: UInt8, Sendable, CaseIterable {
  case guestRequest, guestAccess
  case hostFault, hostUnmap, pin, unpin, convert, punchHole, close
  case dmaMap, dmaUnmap
  case merge, migrate

  public var name: String {
    switch self {
    case .guestRequest: "guestRequest"
    case .guestAccess: "guestAccess"
    case .hostFault: "hostFault"
    case .hostUnmap: "hostUnmap"
    case .pin: "pin"
    case .unpin: "unpin"
    case .convert: "convert"
    case .punchHole: "punchHole"
    case .close: "close"
    case .dmaMap: "dmaMap"
    case .dmaUnmap: "dmaUnmap"
    case .merge: "merge"
    case .migrate: "migrate"
    }
  }

  public var actor: Actor {
    switch self {
    case .guestRequest, .guestAccess: .guest
    case .hostFault, .hostUnmap, .pin, .unpin, .convert, .punchHole, .close: .vmm
    case .dmaMap, .dmaUnmap: .iommu
    case .merge, .migrate: .compaction
    }
  }

  /// What the action takes: a subpage, a range (one subpage or one whole
  /// folio), a folio, or nothing.
  public var operand: String {
    switch self {
    case .guestRequest: "range, private|shared"
    case .punchHole: "range"
    case .merge: "folio"
    case .convert: "(the pending request)"
    case .close: ""
    default: "subpage"
    }
  }

  public var summary: String {
    switch self {
    case .guestRequest: "ask to convert a range (MAP_GPA_RANGE / memory fault exit)"
    case .guestAccess: "touch a page: allocate it and map it in stage 2 (SPTE)"
    case .hostFault: "fault the page into host userspace (SIGBUS if private)"
    case .hostUnmap: "drop one host PTE"
    case .pin: "take a short-term GUP pin (O_DIRECT)"
    case .unpin: "drop a short-term pin"
    case .convert: "KVM_SET_MEMORY_ATTRIBUTES2 on the pending request"
    case .punchHole: "fallocate(PUNCH_HOLE) on a range"
    case .close: "close the file (VM teardown)"
    case .dmaMap: "VFIO DMA map: a FOLL_LONGTERM pin"
    case .dmaUnmap: "VFIO DMA unmap: drop a long-term pin"
    case .merge: "reassemble a folio whose pieces are all freed"
    case .migrate: "move a shared 4K piece out of its folio (migration: shared4K)"
    }
  }
}

/// What an action returned.
public enum Outcome: UInt8, Sendable, CaseIterable {
  case ok, sigbus, eagain, einval, eperm

  public var name: String {
    switch self {
    case .ok: "ok"
    case .sigbus: "SIGBUS"
    case .eagain: "EAGAIN"
    case .einval: "EINVAL"
    case .eperm: "EPERM"
    }
  }
}

/// One action with its operands. Subpage actions have `first == last`;
/// a range or folio is `first...last`; `to` is the conversion target.
public struct Action: Hashable, Sendable {
  public var kind: ActionKind
  public var first: UInt8
  public var last: UInt8
  public var to: Attr

  @inline(always)
  public init(_ kind: ActionKind, _ range: ClosedRange<Int> = 0...0, to: Attr = .private) {
    self.kind = kind
    self.first = UInt8(range.lowerBound)
    self.last = UInt8(range.upperBound)
    self.to = to
  }

  @inline(always) public var range: ClosedRange<Int> { Int(first)...Int(last) }
  @inline(always) public var subpage: Int { Int(first) }
}

/// A transition's label: the action and what it returned.
public struct Step: Hashable, Sendable {
  public var action: Action
  public var outcome: Outcome

  @inline(always)
  public init(_ action: Action, _ outcome: Outcome) {
    self.action = action
    self.outcome = outcome
  }
}
