/// Host userspace's mappings and short-term pins (MODEL.md 2, VMM).
extension GuestMemfd {
  /// A fault on the shared mmap: SIGBUS on private memory [ML, V8].
  @inlinable @inline(always)
  func hostFault<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    let page = s[subpage: p]
    guard !s.closed, page.life == .hole || page.life == .present, !isQuiesced(p, in: s) else {
      return nil
    }
    if page.attr == .private { return (.sigbus, s) }
    var n = s
    if page.life == .hole {
      allocate(folioOf: p, in: &n)
    } else if config.backing == .huge && !page.migrated && n.layout(ofFolio: folio(of: p)) == .huge {
      // The host maps 4K pieces only; a shared piece of a huge folio is
      // unreachable unless a mutant skipped the split.
      return (.sigbus, s)
    }
    if n[subpage: p].mapped < config.maxMappers { n[subpage: p].mapped += 1 }
    return (.ok, n)
  }

  /// `hostQuiescesDuringConversion`: while a conversion to private is
  /// pending (any vCPU's), host userspace leaves alone every subpage whose
  /// pin would hold it up: the range, or with `refcount: perFolio` its
  /// whole folio.
  @inlinable @inline(always)
  func isQuiesced<S: ModelState>(_ p: Int, in s: S) -> Bool {
    guard hostQuiesces else { return false }
    return quiesces(s.request(0), p) || quiesces(s.request(1), p)
  }

  @inlinable @inline(always)
  func quiesces(_ request: Request?, _ p: Int) -> Bool {
    guard let r = request, r.to == .private else { return false }
    if config.refcount == .perFolio { return folio(of: p) == folio(of: r.first) }
    return r.covers(p)
  }

  @inlinable @inline(always)
  func hostUnmap<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    guard s[subpage: p].mapped > 0 else { return nil }
    var n = s
    n[subpage: p].mapped -= 1
    return (.ok, n)
  }

  /// GUP walks the user mapping, so the page must be mapped; a private
  /// page would fault with SIGBUS.
  @inlinable @inline(always)
  func pin<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    let page = s[subpage: p]
    guard !s.closed, page.life == .present, page.mapped > 0,
      page.shortPins < shortPinCeiling, !isQuiesced(p, in: s)
    else { return nil }
    if page.attr == .private { return (.sigbus, s) }
    var n = s
    n[subpage: p].shortPins += 1
    return (.ok, n)
  }

  /// Allowed after close: in-flight I/O completes whatever the VMM does.
  @inlinable @inline(always)
  func unpin<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    guard s[subpage: p].shortPins > 0 else { return nil }
    var n = s
    n[subpage: p].shortPins -= 1
    completeWrite(p, in: &n)
    releaseIfUnreferenced(p, in: &n)
    return (.ok, n)
  }
}
