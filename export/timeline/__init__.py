"""Editorial timelines through OpenTimelineIO: one clip per shot, written as OTIO, FCP 7 XML, FCPXML or EDL, and read back."""
