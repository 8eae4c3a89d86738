/// What one KVM_SET_MEMORY_ATTRIBUTES2 ioctl does in a state.
public enum Ioctl<S: ModelState> {
  /// Not an ioctl the VMM may issue here (no such request, or a page
  /// that is not one of the request's or already converted).
  case notOffered
  /// It would spin freezing a folio's refcount (MODEL.md 6.3), so it is
  /// not enabled: `on` is the first subpage holding a reference, `held`
  /// that subpage as the spin finds it (after the ioctl's own zaps), and
  /// `pinOrPTE` says whether any reference it waits on is a pin or PTE
  /// (which nothing guarantees will go: NoUnboundedSpin).
  case waits(on: Int, held: Subpage, pinOrPTE: Bool)
  /// It returns `outcome`; `errorOffset` is the first subpage the
  /// refcount check refused (EAGAIN).
  case done(Outcome, errorOffset: Int?, S)
}

/// How the VMM answered a request (MODEL.md 6.1).
public enum Answer: Sendable {
  /// Every subpage of the range has the target attribute.
  case success
  /// Refused (EINVAL) or given up (`abandon`).
  case failure
}

/// Conversion: one KVM_SET_MEMORY_ATTRIBUTES2 ioctl under invalidate_lock
/// for a vCPU's pending request (MODEL.md 2.1 and 6.1-6.3) [V4, HT
/// `kvm_gmem_convert`].
extension GuestMemfd {
  /// The ioctl `a` (`convert` of range `a.range` for vCPU `a.vcpu`): the
  /// request's whole range, or one page of a whole-folio request not yet
  /// at the target. All or nothing: to private, zap PTEs (and, with
  /// `pfnCallback`, IOMMU mappings) in the range, then fail with EAGAIN
  /// (zaps staying) if a present subpage of the range holds any reference
  /// (with `perFolio`, any piece of the folio); flip the attributes and
  /// zap SPTEs; merge a split folio now all private, or split a huge
  /// allocated one at conversion to shared, waiting while any piece is
  /// referenced; answer the request with success once its whole range is
  /// at the target. With `split: never`, a sub-range of a huge folio gets
  /// EINVAL, which answers a one-subpage request with failure.
  @inlinable @inline(always)
  func ioctl<S: ModelState>(_ a: Action, in s: S) -> Ioctl<S> {
    let v = Int(a.vcpu)
    guard let request = s.request(v) else { return .notOffered }
    let r = a.range
    let wholeRequest = !a.byPage
    guard
      wholeRequest
        ? r.lowerBound == request.first && r.upperBound == request.last
        : r.lowerBound == r.upperBound && request.first != request.last
          && request.covers(r.lowerBound) && s[subpage: r.lowerBound].attr != request.to
    else { return .notOffered }
    var n = s
    if config.split == .never && config.subpages > 1 && !isWholeFolio(r) {
      if wholeRequest { n.setRequest(v, nil) }
      return .done(.einval, errorOffset: nil, n)
    }
    if !s.anySubpage(in: r, { $0.attr != request.to }) {
      n.setRequest(v, nil)
      return .done(.ok, errorOffset: nil, n)
    }
    if request.to == .private {
      for p in r {
        if !has(.skipUnmapOnConvert) { n[subpage: p].mapped = 0 }
        if !has(.skipIommuInvalidate) { n[subpage: p].iommuMapped = false }
      }
      if has(.spinOnPins) {
        if let wait = referenceWait(checkedBy: r, in: n) { return wait }
      } else if !has(.skipRefcountCheck), let offset = refcountBlocker(r, in: n) {
        return .done(.eagain, errorOffset: offset, n)
      }
    }
    for p in r {
      n[subpage: p].guestMapped = false
      n[subpage: p].attr = request.to
      if config.conversionContent == .scrub {
        n[subpage: p].written = false
        n[subpage: p].expectedWritten = false
      }
    }
    if config.backing == .huge {
      let f = folio(of: r.lowerBound)
      if request.to == .private {
        if config.split != .atCreation && mergesInPlace(f, in: n) {
          if let wait = freezeWait(f, in: n) { return wait }
          n.setLayout(.huge, ofFolio: f)
        }
      } else if !has(.skipSplitOnShare) && n.layout(ofFolio: f) == .huge && isAllocated(folio: f, in: n) {
        if let wait = freezeWait(f, in: n) { return wait }
        n.setLayout(.split, ofFolio: f)
      }
    }
    if !n.anySubpage(in: request.range, { $0.attr != request.to }) { n.setRequest(v, nil) }
    return .done(.ok, errorOffset: nil, n)
  }

  /// Step 3's refcount check [HT `kvm_gmem_has_safe_refcount`]: the error
  /// offset of the first folio of `range` holding a reference other than
  /// the page cache's (PTE, pin, transient; MODEL.md 6.2), or nil. Per
  /// subpage, that subpage; with `refcount: perFolio` one refcount covers
  /// the huge folio, whose first subpage the kernel reports.
  @inlinable @inline(always)
  func refcountBlocker<S: ModelState>(_ range: ClosedRange<Int>, in s: S) -> Int? {
    let start = folioRange(folio(of: range.lowerBound)).lowerBound
    if let p = s.firstSubpage(in: range, { $0.life == .present && $0.hasReference }) {
      return config.refcount == .perFolio && !s[subpage: p].migrated ? start : p
    }
    guard config.refcount == .perFolio else { return nil }
    let folioHeld = s.anySubpage(in: folioRange(folio(of: range.lowerBound))) {
      $0.pieceLife == .present && $0.hasReference
    }
    return folioHeld ? start : nil
  }

  /// `spinOnPins`: the wait on the references step 3 would have refused.
  @inlinable @inline(always)
  func referenceWait<S: ModelState>(checkedBy range: ClosedRange<Int>, in s: S) -> Ioctl<S>? {
    if let w = wait(in: range, s, on: { $0.life == .present && $0.hasReference }) { return w }
    guard config.refcount == .perFolio else { return nil }
    return wait(in: folioRange(folio(of: range.lowerBound)), s) {
      $0.pieceLife == .present && $0.hasReference
    }
  }

  /// A merge or split of f freezes its refcount and spins while any piece
  /// in the folio holds a reference [HT `hugetlb_restructuring_freeze_folio`].
  @inlinable @inline(always)
  func freezeWait<S: ModelState>(_ f: Int, in s: S) -> Ioctl<S>? {
    wait(in: folioRange(f), s) { $0.pieceLife == .present && $0.hasReference }
  }

  @inlinable @inline(always)
  func wait<S: ModelState>(in range: ClosedRange<Int>, _ s: S, on held: (Subpage) -> Bool) -> Ioctl<S>? {
    guard let first = s.firstSubpage(in: range, held) else { return nil }
    let hard = s.anySubpage(in: range) { held($0) && ($0.mapped > 0 || $0.isPinned) }
    return .waits(on: first, held: s[subpage: first], pinOrPTE: hard)
  }

  /// A split folio all of whose pieces are in place, present and private
  /// becomes huge again at a conversion to private [H2
  /// `kvm_gmem_try_merge_folio_in_filemap`, HT `kvm_gmem_restructure`].
  @inlinable @inline(always)
  func mergesInPlace<S: ModelState>(_ f: Int, in n: S) -> Bool {
    n.layout(ofFolio: f) == .split
      && n.everySubpage(in: folioRange(f)) { $0.attr == .private && $0.pieceLife == .present }
  }

  /// The VMM answers vCPU v's request with failure: a long-term pin it
  /// cannot drop blocks the conversion to private (MODEL.md 6.1) [TDX].
  @inlinable @inline(always)
  func abandon<S: ModelState>(vcpu v: Int, in s: S) -> (Outcome, S)? {
    guard let request = s.request(v), request.to == .private, longPinBlocks(request, in: s) else {
      return nil
    }
    var n = s
    n.setRequest(v, nil)
    return (.ok, n)
  }

  /// A long-term pin the request's refcount check counts: on a present
  /// subpage of its range, or with `perFolio` a present piece of its folio.
  @inlinable @inline(always)
  func longPinBlocks<S: ModelState>(_ request: Request, in s: S) -> Bool {
    if s.anySubpage(in: request.range, { $0.life == .present && $0.longPins > 0 }) { return true }
    guard config.refcount == .perFolio else { return false }
    return s.anySubpage(in: folioRange(folio(of: request.first))) {
      $0.pieceLife == .present && $0.longPins > 0
    }
  }

  /// How the transition from `s` to `t` answers vCPU v's request, if it
  /// clears it: with success when its whole range has the target.
  public func answer(ofVCPU v: Int, from s: GmemState, to t: GmemState) -> Answer? {
    guard let r = s.request(v), t.request(v) == nil else { return nil }
    return t.anySubpage(in: r.range) { $0.attr != r.to } ? .failure : .success
  }

  /// The ioctls offered in `s` that would spin on a pin or PTE, each with
  /// the first subpage it waits on, as the spin finds it (NoUnboundedSpin).
  @inlinable
  public func ioctlsSpinningOnPinsOrPTEs<S: ModelState>(in s: S) -> [(Action, Int, Subpage)] {
    var found: [(Action, Int, Subpage)] = []
    for v in 0..<config.vcpus {
      forEachIoctl(vcpu: v, in: s) { a in
        if case .waits(let p, let held, true) = ioctl(a, in: s) { found.append((a, p, held)) }
      }
    }
    return found
  }
}
