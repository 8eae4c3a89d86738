/// Transient references (MODEL.md 6.3, `transientRefs`): GUP-fast,
/// page-cache lookups, per-CPU LRU batches and PFN walkers take short
/// references on any page in the file, whatever host userspace does.
extension GuestMemfd {
  /// mm takes a transient reference on a present page (either attribute).
  /// `hostQuiescesDuringConversion` does not hold it back (the host cannot
  /// prevent it); `transientRefsSettle` does, on the folios of pending
  /// requests.
  @inlinable @inline(always)
  func takeRef<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    let page = s[subpage: p]
    guard config.transientRefs, page.life == .present, !page.transient, !isSettling(p, in: s) else {
      return nil
    }
    var n = s
    n[subpage: p].transient = true
    return (.ok, n)
  }

  /// The reference goes; an orphan it alone held is released. It never
  /// completes a write: a transient reference only looks.
  @inlinable @inline(always)
  func dropRef<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    guard s[subpage: p].transient else { return nil }
    var n = s
    n[subpage: p].transient = false
    releaseIfUnreferenced(p, in: &n)
    return (.ok, n)
  }

  /// `transientRefsSettle`: while a request is pending, mm takes no new
  /// transient reference in a folio its range touches.
  @inlinable @inline(always)
  func isSettling<S: ModelState>(_ p: Int, in s: S) -> Bool {
    guard refsSettle else { return false }
    let f = folio(of: p)
    let touches = { (r: Request?) in r.map { folio(of: $0.first) == f } ?? false }
    return touches(s.request(0)) || touches(s.request(1))
  }
}
