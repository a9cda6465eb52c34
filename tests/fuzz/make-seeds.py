#!/usr/bin/env python3
"""Writes the seed corpora of tests/Nvr.Fuzzing/corpus/<target>/ (seed-*.bin files; regression-* files are kept).

Sources: the GStreamer RTP captures of tests/Nvr.Pipeline.Tests/Fixtures (as RTSP interleaved TCP streams), the
elementary streams of tests/peers/make-media.sh (NVR_TEST_MEDIA, default /tmp/nvr-test-media), small fragmented
MP4 files made with ffmpeg, and hand-made edge cases. Usage: python3 tests/fuzz/make-seeds.py
"""
import base64, os, struct, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "Nvr.Fuzzing", "corpus")
FIXTURES = os.path.join(ROOT, "tests", "Nvr.Pipeline.Tests", "Fixtures")
MEDIA = os.environ.get("NVR_TEST_MEDIA", "/tmp/nvr-test-media")
seeds = {}


def add(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    seeds.setdefault(target, []).append(data)


def rtpdump(name):
    data = open(os.path.join(FIXTURES, name), "rb").read()
    i = data.index(b"\n") + 1 + 16
    packets = []
    while i + 8 <= len(data):
        length, rtp_length, _ = struct.unpack(">HHI", data[i:i + 8])
        packets.append((rtp_length == 0, data[i + 8:i + length]))
        i += length
    return packets


def interleaved(channel, payload):
    return b"$" + bytes([channel]) + struct.pack(">H", len(payload)) + payload


def sender_report(ssrc, rtp_ts, ntp_seconds=3976272000):
    """An RTCP SR (RFC 3550 6.4.1) without report blocks plus an SDES CNAME, as GStreamer sends them (captures have none)."""
    sr = struct.pack(">BBHIIIIII", 0x80, 200, 6, ssrc, ntp_seconds, 0x80000000, rtp_ts, 10, 1000)
    cname = b"\x01\x05fuzz1"
    sdes_body = struct.pack(">I", ssrc) + cname + b"\x00" * (4 - (len(cname) % 4))
    sdes = struct.pack(">BBH", 0x81, 202, len(sdes_body) // 4) + sdes_body
    return sr + sdes


def stream_of(packets, pt, skip, budget):
    """RTP of one payload type (channel 0), a sender report (channel 1) after the first packet, up to budget bytes."""
    out, seen = b"", 0
    for rtcp, p in packets:
        if rtcp or p[1] & 0x7F != pt:
            continue
        seen += 1
        if seen <= skip:
            continue
        if len(out) + len(p) + 4 > budget:
            break
        out += interleaved(0, p)
        if seen == skip + 1:
            out += interleaved(1, sender_report(struct.unpack(">I", p[8:12])[0], struct.unpack(">I", p[4:8])[0]))
    return out


def annexb(path):
    data = open(path, "rb").read()
    nals, i = [], 0
    starts = []
    while True:
        j = data.find(b"\x00\x00\x01", i)
        if j < 0:
            break
        starts.append(j + 3)
        i = j + 3
    for k, s in enumerate(starts):
        end = starts[k + 1] - 3 if k + 1 < len(starts) else len(data)
        nal = data[s:end]
        while nal.endswith(b"\x00"):
            nal = nal[:-1]
        nals.append(nal)
    return nals


def join(nals, cut=None):
    return b"".join(b"\x00\x00\x00\x01" + (n[:cut] if cut else n) for n in nals)


def ffmpeg(args, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out" + suffix)
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"] + args + [out], check=True)
        return open(out, "rb").read()


# --- RTP captures of the GStreamer test server -------------------------------------------------------------------
h264aac = rtpdump("gstreamer-h264-aac.rtpdump")
h265aac = rtpdump("gstreamer-h265-aac.rtpdump")
pcmu = rtpdump("gstreamer-h264-bframes-pcmu.rtpdump")
add("depacketize-h264", stream_of(h264aac, 96, 0, 6000))
add("depacketize-h264", stream_of(pcmu, 96, 40, 6000))
add("depacketize-h265", stream_of(h265aac, 96, 0, 6000))
add("depacketize-h265", stream_of(h265aac, 96, 60, 6000))
add("depacketize-aac", stream_of(h264aac, 97, 0, 3000))
add("depacketize-g711", stream_of(pcmu, 0, 0, 2000))
add("rtp-rtcp", b"\x00" + stream_of(h264aac, 96, 0, 3000))
add("rtp-rtcp", b"\x03" + stream_of(pcmu, 96, 10, 3000))
sr = sender_report(0x1234, 0)
add("rtp-rtcp", b"\x01" + interleaved(1, sr) + interleaved(0, next(p for rtcp, p in h264aac if not rtcp)))
add("rtsp-interleaved", b"\x00" + stream_of(h264aac, 96, 0, 1500))
add("rtsp-interleaved", b"\x23" + stream_of(h264aac, 97, 0, 600) + b"RTSP/1.0 200 OK\r\nCSeq: 5\r\nSession: 1234;timeout=60\r\n\r\n" + interleaved(1, sr))

# --- ONVIF metadata stream (hand-made: one document in two RTP packets, marker on the last) -------------------------
metadata_doc = open(os.path.join(os.path.dirname(__file__), "seeds", "metadata-motion.xml"), "rb").read()
def rtp(pt, seq, ts, payload, marker):
    return struct.pack(">BBHII", 0x80, (0x80 if marker else 0) | pt, seq, ts, 0x1234) + payload
half = len(metadata_doc) // 2
add("depacketize-metadata", interleaved(0, rtp(107, 1, 9000, metadata_doc[:half], False)) + interleaved(0, rtp(107, 2, 9000, metadata_doc[half:], True))
    + interleaved(0, rtp(107, 3, 18000, metadata_doc, True)))
add("metadata-event", metadata_doc)
add("metadata-event", open(os.path.join(os.path.dirname(__file__), "seeds", "metadata-analytics.xml"), "rb").read())

# --- elementary streams of make-media.sh --------------------------------------------------------------------------
h264 = annexb(os.path.join(MEDIA, "es", "h264.h264"))
bframes = annexb(os.path.join(MEDIA, "es", "bframes.h264"))
video_only = annexb(os.path.join(MEDIA, "recording-es", "video-only.h264"))
h265 = annexb(os.path.join(MEDIA, "es", "h265.hevc"))
for stream in (h264, bframes, video_only):
    add("h264-sps", next(n for n in stream if n[0] & 0x1F == 7))
    add("h264-slice-header", join(stream[:12], 320))
add("h264-sps", base64.b64decode("Z2QAH6y0AoAt2AiAAAADAIAAABkHjBlQ"))
add("h264-sps", bytes.fromhex("6742c01e95a0a0fd00"))  # baseline, short
add("h264-sps", bytes.fromhex("6764001facd9405005bb011000000300100000030320f1831960"))  # sprop of the B-frame capture
add("h265-sps", next(n for n in h265 if (n[0] >> 1) & 0x3F == 33))
add("h265-slice-header", join(h265[:10], 320))
for name in sorted(os.listdir(os.path.join(MEDIA, "hevc-headers"))):
    if name.endswith(".265"):
        stream = annexb(os.path.join(MEDIA, "hevc-headers", name))
        add("h265-sps", next(n for n in stream if (n[0] >> 1) & 0x3F == 33))
        add("h265-slice-header", join(stream[:14], 320))
add("h265-sps", base64.b64decode("QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WW6kkyvAWgIAAAAMAgAAADIQ="))
adts = open(os.path.join(MEDIA, "es", "h264.aac"), "rb").read()
add("adts", adts[:1500])
add("adts", bytes.fromhex("fff15080043ffc") + b"\x00" * 25)  # one 32-byte AAC-LC frame, no CRC
add("adts", bytes.fromhex("fff05080047ffc0000") + b"\x01" * 26)  # with CRC
for hexconfig in ("1190", "1210", "119056e500", "1208", "2b920800", "f8ee2000", "13880000", "f9c0"):
    add("aac-config", bytes.fromhex(hexconfig))

# --- fragmented MP4 (ffmpeg; the CENC one carries tenc/senc/saiz/saio) ---------------------------------------------
lavfi = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1.2", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=1.2"]
frag = ["-movflags", "frag_keyframe+empty_moov+default_base_moof"]
plain = ffmpeg(lavfi + ["-c:v", "libx264", "-g", "3", "-preset", "ultrafast", "-c:a", "aac", "-b:a", "16k"] + frag, ".mp4")
hevc = ffmpeg(lavfi[:4] + ["-c:v", "libx265", "-x265-params", "log-level=none", "-g", "3", "-preset", "ultrafast"] + frag, ".mp4")
cenc = ffmpeg(lavfi + ["-c:v", "libx264", "-g", "3", "-preset", "ultrafast", "-c:a", "aac", "-b:a", "16k"] + frag
              + ["-encryption_scheme", "cenc-aes-ctr", "-encryption_key", "76a6c65c5ea762046bd749a2e632ccbb",
                 "-encryption_kid", "a7e61c373e219033c21091fa607bf3b8"], ".mp4")
for target in ("fmp4-reader", "fmp4-file"):
    add(target, plain)
    add(target, hevc)
    add(target, cenc)

# --- text formats (hand-made, from the specs, the docs and the GStreamer server's answers) ---------------------------
CRLF = "\r\n"
def msg(*lines, body=""):
    return CRLF.join(lines) + CRLF + CRLF + body
sdp_h264 = open(os.path.join(FIXTURES, "gstreamer-h264-aac.sdp")).read()
for name in ("gstreamer-h264-aac.sdp", "gstreamer-h265-aac.sdp", "gstreamer-h264-bframes-pcmu.sdp"):
    add("sdp", open(os.path.join(FIXTURES, name), "rb").read())
add("sdp", "v=0\r\ns=camera\r\na=control:rtsp://10.0.0.5/onvif/media\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:track1?x=1\r\n"
           "m=application 0 RTP/AVP 107\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\na=control:rtsp://10.0.0.5/onvif/meta\r\nm=audio 0 RTP/AVP 8\r\n")
add("rtsp-response", msg("RTSP/1.0 200 OK", "CSeq: 1", "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER", "Server: GStreamer RTSP server"))
add("rtsp-response", msg("RTSP/1.0 200 OK", "CSeq: 2", "Content-Type: application/sdp", "Content-Base: rtsp://127.0.0.1:8554/h264/",
                         "Content-Length: %d" % len(sdp_h264.encode()), body=sdp_h264))
add("rtsp-response", msg("RTSP/1.0 200 OK", "CSeq: 3", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=2986A6B6;mode=\"PLAY\"", "Session: 9oPvwMVw6yjxgfSA;timeout=60"))
add("rtsp-response", msg("RTSP/1.0 401 Unauthorized", "CSeq: 2", "WWW-Authenticate: Digest realm=\"cam\", nonce=\"a1b2c3\", qop=\"auth\", opaque=\"xyz\"", "WWW-Authenticate: Basic realm=\"cam\""))
add("rtsp-response", msg("RTSP/1.0 302 Found", "CSeq: 2", "Location: rtsp://127.0.0.1:8555/other"))
add("rtsp-response", msg("RTSP/1.0 200 OK", "CSeq: 4", "RTP-Info: url=rtsp://127.0.0.1:8554/h264/stream=0;seq=1;rtptime=0", "Range: npt=0-"))
add("rtsp-response", msg("OPTIONS rtsp://127.0.0.1:8554/h264 RTSP/1.0", "CSeq: 9"))
srv = lambda text: b"\x00" + text.encode()
add("rtsp-server-request", srv(msg("OPTIONS rtsp://127.0.0.1:8554/replay/REC0001 RTSP/1.0", "CSeq: 1", "User-Agent: fuzz")))
add("rtsp-server-request", srv(msg("DESCRIBE rtsp://127.0.0.1:8554/replay/REC0001 RTSP/1.0", "CSeq: 2", "Accept: application/sdp", "Require: onvif-replay",
                                   "Authorization: Digest username=\"admin\", realm=\"nvr\", nonce=\"abc\", uri=\"rtsp://127.0.0.1:8554/replay/REC0001\", response=\"0123456789abcdef0123456789abcdef\"")))
add("rtsp-server-request", srv(msg("SETUP rtsp://127.0.0.1:8554/replay/REC0001/track0 RTSP/1.0", "CSeq: 3", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1", "Require: onvif-replay")))
add("rtsp-server-request", srv(msg("PLAY rtsp://127.0.0.1:8554/replay/REC0001 RTSP/1.0", "CSeq: 4", "Session: 12345678", "Require: onvif-replay",
                                   "Range: clock=20260101T120000.5Z-20260101T121000Z", "Rate-Control: no", "Scale: -2.0", "Frames: intra/500", "Immediate: yes")))
add("rtsp-server-request", b"\x21" + msg("PLAY rtsp://127.0.0.1:8554/replay/REC0001 RTSP/1.0", "CSeq: 5", "Session: 12345678", "Range: npt=0-", "Frames: predicted").encode()
    + interleaved(1, bytes.fromhex("81c90007") + b"\x00" * 28) + msg("TEARDOWN rtsp://127.0.0.1:8554/replay/REC0001 RTSP/1.0", "CSeq: 6", "Session: 12345678").encode())
add("rtsp-server-request", srv(msg("GET_PARAMETER rtsp://127.0.0.1:8554/replay/REC0001 RTSP/1.0", "CSeq: 7", "Session: 12345678", "Content-Length: 0")))
for key in ("REC0001/2026-01-01/12/00-00.000Z.1.mp4", "site/a/REC0001/2026-12-31/23/59-60.123456Z.42.m4v_end", "2026-01-01/00/00-00Z.0.m4a",
            "p/2026-02-28/07/30-15.5Z.7.m4m/tail/x", "REC/2026-06-30/23/59-59.999Z.18446744073709551615.mp4"):
    add("object-key", key)
vcal = lambda *lines: CRLF.join(["BEGIN:VCALENDAR"] + list(lines) + ["END:VCALENDAR"]) + CRLF
add("icalendar", vcal("BEGIN:VEVENT", "SUMMARY:office", "DTSTART:19700105T080000", "DTEND:19700105T170000", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "END:VEVENT"))
add("icalendar", vcal("BEGIN:VEVENT", "SUMMARY:new year", "DTSTART;VALUE=DATE:20270101", "DTEND;VALUE=DATE:20270102", "END:VEVENT"))
add("icalendar", vcal("BEGIN:VEVENT", "DTSTART:20160101T070000", "DTEND:20161231T180000", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "END:VEVENT"))
add("icalendar", vcal("BEGIN:VEVENT", "DTSTART;TZID=Europe/Berlin:20260329T013000", "DURATION:PT2H", "RRULE:FREQ=DAILY;COUNT=10;INTERVAL=2", "EXDATE;TZID=Europe/Berlin:20260331T013000", "END:VEVENT",
                      "BEGIN:VEVENT", "DTSTART:20260101T000000Z", "DTEND:20260101T001500Z", "RRULE:FREQ=HOURLY;UNTIL=20260201T000000Z", "END:VEVENT"))
add("icalendar", vcal("BEGIN:VEVENT", "DTSTART:20260101T220000", "DTEND:20260102T060000", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1,15;BYSETPOS=1", "END:VEVENT"))
env = lambda ns, body, header="": ('<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>%s</s:Header>'
                                   '<s:Body xmlns:x="%s">%s</s:Body></s:Envelope>' % (header, ns, body))
DEV, TSE = "http://www.onvif.org/ver10/device/wsdl", "http://www.onvif.org/ver10/search/wsdl"
token = ('<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" '
         'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken>'
         '<wsse:Username>admin</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">'
         'tuOSpGlFlIXsozq4HFNeeGeFLEI=</wsse:Password><wsse:Nonce>LKqI6G/AikKCQrN0zqZFlg==</wsse:Nonce><wsu:Created>2026-01-01T12:00:00.000Z</wsu:Created></wsse:UsernameToken></wsse:Security>')
add("soap-guard", b"\x00" + env(DEV, "<x:GetSystemDateAndTime/>").encode())
add("soap-guard", b"\x00" + env(DEV, '<x:GetServices><x:IncludeCapability>true</x:IncludeCapability></x:GetServices>', token).encode())
add("soap-guard", b"\x01" + env(TSE, '<x:FindRecordings><x:Scope><tt:RecordingInformationFilter xmlns:tt="http://www.onvif.org/ver10/schema">boolean(//Track[TrackType = "Video"])</tt:RecordingInformationFilter></x:Scope><x:KeepAliveTime>PT10S</x:KeepAliveTime></x:FindRecordings>').encode())
add("soap-guard", b"\x00" + '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>&a;</s:Body></s:Envelope>'.encode())
add("soap-guard", b"\x00" + '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>'.encode())
add("ws-username-token", env(DEV, "<x:GetUsers/>", token))
add("ws-username-token", env(DEV, "<x:GetUsers/>", token.replace("#PasswordDigest", "#PasswordText").replace("tuOSpGlFlIXsozq4HFNeeGeFLEI=", "secret")))
add("ws-username-token", env(DEV, "<x:GetUsers/>", token.replace("2026-01-01T12:00:00.000Z", "0001-01-01T00:00:00+14:00")))
add("http-digest", b"\x00" + b'Digest username="admin", realm="nvr", nonce="@nonce@", uri="/onvif/device_service", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
add("http-digest", b"\x01" + b'Digest username="admin", realm="nvr", nonce="@nonce@", uri="/onvif/device_service", algorithm=SHA-256, qop=auth, nc=0000000a, cnonce="x", response="' + b"ab" * 32 + b'"')
add("http-digest", b"\x02" + b'Digest username="admin",realm="nvr",nonce="@nonce@",uri="rtsp://127.0.0.1:8554/replay/REC0001",response="00112233445566778899aabbccddeeff"')
add("http-digest", b"\x00" + b'Digest username="a\\"b", realm=nvr, nonce=zzz, uri="/", response=, qop="auth,auth-int"')
for xpath in ('boolean(//Track[TrackType = "Video"])', "boolean(//Source[Name = \u201cCamera 1\u201d])",
              'boolean(//RecordingInformation[RecordingStatus = "Stopped"] and count(//Track) > 0)', "//Track/TrackToken", "1 div 0", "substring-before(//Content, 'n')"):
    add("search-xpath", xpath)
def chunks(*parts):
    return b"".join(struct.pack(">H", len(p.encode())) + p.encode() for p in parts)
add("event-filter", chunks("tns1:RuleEngine/CellMotionDetector/Motion", "boolean(//tt:SimpleItem[@Name='VideoSourceConfigurationToken' and @Value='1'])"))
add("event-filter", chunks("tns1:RuleEngine//.|tns1:Device/Trigger/*", ""))
add("event-filter", chunks("tns1:VideoSource/MotionAlarm", "//tt:SimpleItem[@Name=\"IsMotion\"]/@Value = 'true'"))
add("event-filter", chunks("*/*//.", "boolean(//wsnt:Topic) or tns1:x"))
# --- text formats (hand-made, from the specs and docs) -------------------------------------------------------------
text_seeds = os.path.join(os.path.dirname(__file__), "seeds")
for name in sorted(os.listdir(text_seeds)):
    target, _, rest = name.partition("--")
    if rest and target and os.path.isfile(os.path.join(text_seeds, name)):
        add(target, open(os.path.join(text_seeds, name), "rb").read())

total = 0
for target, items in sorted(seeds.items()):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        if old.startswith("seed-"):
            os.remove(os.path.join(folder, old))
    for n, data in enumerate(items):
        open(os.path.join(folder, "seed-%02d.bin" % n), "wb").write(data)
        total += len(data)
print("%d targets, %d seeds, %d bytes" % (len(seeds), sum(len(v) for v in seeds.values()), total))
