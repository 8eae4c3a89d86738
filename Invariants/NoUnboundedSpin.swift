import GmemModel

extension Invariant {
  /// **NoUnboundedSpin**: no conversion ioctl the VMM may issue would spin
  /// on a host PTE or a pin. A merge or split of a huge folio freezes its
  /// refcount and spins until every extra reference is gone; only
  /// transient references (GUP-fast, page-cache lookups, LRU batches) may
  /// make it wait, because only they are sure to go.
  ///
  /// Why: a spin on a pin that VFIO holds for the life of the VM is a
  /// kernel thread stuck for ever in KVM_SET_MEMORY_ATTRIBUTES2, holding
  /// `invalidate_lock`: every fault and conversion of the file hangs
  /// behind it. The design avoids it by checking refcounts first (EAGAIN)
  /// and freezing only folios whose other pieces are private, which the
  /// host cannot map or pin.
  ///
  /// Source: MODEL.md 6.3; [HT] `hugetlb_restructuring_freeze_folio`
  /// ("Spinning" warning), `kvm_gmem_convert` (refcount check before
  /// `kvm_gmem_restructure`).
  public static let noUnboundedSpin = Invariant(
    name: "NoUnboundedSpin", short: "Spin",
    summary: "no conversion ioctl would spin on a PTE or a pin (only transient refs)",
    source: "MODEL.md 6.3; [HT] hugetlb_restructuring_freeze_folio, kvm_gmem_convert",
    // Witnesses: the ioctl's subpage, if it names one, and its step's witnesses.
    witnesses: .ioctlStep, check: NoUnboundedSpinCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct NoUnboundedSpinCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    // Only a pending request offers an ioctl: most states have none.
    guard state.anyRequestPending, let (action, p, held) = model.ioctlsSpinningOnPinsOrPTEs(in: state).first
    else { return nil }
    return "\(model.describe(action)) would spin freezing f\(model.folio(of: p))'s refcount"
      + " on p\(p): \(held.phrase)"
  }
}
