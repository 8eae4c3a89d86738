import GmemModel

extension Invariant {
  /// **NoSilentDataLoss** (`trackData`): every present subpage holds the
  /// content its ghost copy says it should: a write that completed is not
  /// lost, and content changes only where the design says it may (a
  /// write, a hole punch, a scrub on conversion).
  ///
  /// Why: in-place conversion promises to keep content (software-protected
  /// and pKVM VMs); migration and pinning must not let a completed DMA or
  /// O_DIRECT write land in a page the file no longer uses.
  ///
  /// Source: [V8] in-place conversion keeps content
  /// (guest_memfd_conversions_test.c); [LIST] 2024-06-20 pinning thread
  /// ("making private is just like moving": migrate only unpinned pages).
  public static let noSilentDataLoss = Invariant(
    name: "NoSilentDataLoss", short: "Data",
    summary: "content is what the last write left (trackData)",
    source: "[V8] in-place conversion keeps content; [LIST] 2024-06-20",
    notApplicable: { $0.trackData ? nil : "trackData is off, so content is not modelled" },
    // Witnesses: content is not in the views.
    readsContent: true, witnesses: nil, check: NoSilentDataLossCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct NoSilentDataLossCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    firstSubpage(of: model, in: state) { page in
      page.life == .present && page.written != page.expectedWritten
    } _: { p, page in
      "p\(p) lost a completed write: \(page.phrase)"
    }
  }
}
