/// Who performs an action.
public enum Actor: String, Sendable, CaseIterable {
  case guest
  case vmm = "VMM"
  case iommu = "IOMMU"
  /// The rest of the kernel's memory management: GUP-fast, page-cache
  /// lookups, per-CPU LRU batches, PFN walkers (transient references).
  case mm
  case compaction
}

/// Every kind of action of MODEL.md sections 2 and 6, in the order
/// successors are generated (guest, VMM, IOMMU, mm, compaction).
public enum ActionKind: UInt8, Sendable, CaseIterable {
  case guestRequest, guestAccess
  case hostFault, hostUnmap, pin, unpin, convert, abandon, punchHole, close
  case dmaMap, dmaUnmap
  case takeRef, dropRef
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
    case .abandon: "abandon"
    case .punchHole: "punchHole"
    case .close: "close"
    case .dmaMap: "dmaMap"
    case .dmaUnmap: "dmaUnmap"
    case .takeRef: "takeRef"
    case .dropRef: "dropRef"
    case .merge: "merge"
    case .migrate: "migrate"
    }
  }

  public var actor: Actor {
    switch self {
    case .guestRequest, .guestAccess: .guest
    case .hostFault, .hostUnmap, .pin, .unpin, .convert, .abandon, .punchHole, .close: .vmm
    case .dmaMap, .dmaUnmap: .iommu
    case .takeRef, .dropRef: .mm
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
    case .convert: "the pending range, or one page of it"
    case .abandon: "(the pending request)"
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
    case .convert: "KVM_SET_MEMORY_ATTRIBUTES2 on the pending range or one page of it"
    case .abandon: "answer the pending request with failure (a long-term pin blocks it)"
    case .punchHole: "fallocate(PUNCH_HOLE) on a range"
    case .close: "close the file (VM teardown)"
    case .dmaMap: "VFIO DMA map: a FOLL_LONGTERM pin"
    case .dmaUnmap: "VFIO DMA unmap: drop a long-term pin"
    case .takeRef: "take a transient reference (GUP-fast, page-cache lookup)"
    case .dropRef: "drop a transient reference"
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
/// a range or folio is `first...last`; `to` is the conversion target;
/// `vcpu` the vCPU whose request a guestRequest, convert or abandon is
/// (0 for every other action); `byPage` marks a `convert` of one page of
/// a whole-folio request (else a convert is of the request's whole range).
public struct Action: Hashable, Sendable {
  public var kind: ActionKind
  public var first: UInt8
  public var last: UInt8
  public var to: Attr
  public var vcpu: UInt8
  public var byPage: Bool

  @inline(always)
  public init(
    _ kind: ActionKind, _ range: ClosedRange<Int> = 0...0, to: Attr = .private, vcpu: Int = 0,
    byPage: Bool = false
  ) {
    self.kind = kind
    self.first = UInt8(range.lowerBound)
    self.last = UInt8(range.upperBound)
    self.to = to
    self.vcpu = UInt8(vcpu)
    self.byPage = byPage
  }

  @inline(always) public var range: ClosedRange<Int> { Int(first)...Int(last) }
  @inline(always) public var subpage: Int { Int(first) }
}

/// A transition's label: the action, what it returned and, for a
/// conversion that failed its refcount check, the ioctl's error offset
/// (the first subpage with an unexpected reference) [V4 error_offset].
public struct Step: Hashable, Sendable {
  public var action: Action
  public var outcome: Outcome
  @usableFromInline var offset: UInt8

  @inline(always)
  public init(_ action: Action, _ outcome: Outcome, errorOffset: Int? = nil) {
    self.action = action
    self.outcome = outcome
    self.offset = errorOffset.map { UInt8($0) } ?? .max
  }

  /// The subpage the ioctl's error offset names, if any.
  @inline(always) public var errorOffset: Int? { offset == .max ? nil : Int(offset) }
}
