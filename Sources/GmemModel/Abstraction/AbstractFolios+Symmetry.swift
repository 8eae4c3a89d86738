/// The vCPUs are interchangeable (MODEL.md 6.5: each has a request and
/// nothing else tells them apart), as the concrete symmetry has it
/// (`Symmetry.swapsVCPUs`): an abstract state and the one with the two
/// vCPUs' requests and marks swapped have the same successors, swapped,
/// and the safety properties, which never name a vCPU, judge them alike.
/// So the every-size search may store one of each pair.
extension AbstractFolios {
  /// `a` with vCPU 0 and vCPU 1 renamed into each other (with one vCPU,
  /// `a`). A mark shared by both requests stays vCPU 0's key; the other
  /// request is then the one that says "the same subpage".
  public func swappingVCPUs(_ a: AbstractState) -> AbstractState {
    guard vcpus == 2 else { return a }
    let r0 = a.request(0)
    let r1 = a.request(1)
    var b = a
    b.global &= ~(0xFFFF_FFFF << 16)
    if let r1, r1.sameAsVCPU0, let r0 {
      // Both name one subpage: its key stays in vCPU 0's word.
      let first = AbstractState.RequestMark(to: r1.to, wholeFolio: false, folio: r1.folio, sameAsVCPU0: false)
      let second = AbstractState.RequestMark(to: r0.to, wholeFolio: false, folio: r0.folio, sameAsVCPU0: true)
      b.global |= first.bits << 16 | second.bits << 32
    } else {
      // A word whose request names no marked subpage is zero; it moves
      // with its vCPU like the others.
      b.global |= (r1?.bits ?? 0) << 16 | (r0?.bits ?? 0) << 32
      b.marks = a.marks >> 32 | a.marks << 32
    }
    return b
  }

  /// The representative of `a`'s class under the vCPU renaming: the one
  /// of `a` and its swap with the smaller (global, marks). The occupied
  /// keys do not take part (a renaming of vCPUs leaves them as they are),
  /// so the choice does not depend on how `KeyTable` numbered them.
  public func canonical(_ a: AbstractState) -> AbstractState {
    // Neither vCPU with a request: the swap is `a`.
    guard vcpus == 2, a.global >> 16 & 0xFFFF_FFFF != 0 else { return a }
    let b = swappingVCPUs(a)
    return (b.global, b.marks) < (a.global, a.marks) ? b : a
  }
}
