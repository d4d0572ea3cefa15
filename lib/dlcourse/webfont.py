"""Korean text in a browser on any machine, offline: NanumGothic as a web font.

A machine without a Korean system font (a plain Linux install, a lab PC) draws every Hangul
syllable as a box, in JupyterLab and in the course's HTML pages alike. The course already
ships NanumGothic (koreanize-matplotlib, for the figures); browsers refuse those TTF files as
they are (an empty ``TSI3`` table fails their font checker), so the helpers here write clean
WOFF subsets of them:

* :func:`lab_font_dir` - the Hangul ranges, regular and bold, and ``fonts.css`` declaring
  them, for JupyterLab (``custom.css`` imports it from the course's server), made once and
  kept in Jupyter's data folder;
* :func:`font_face_css` - the glyphs one page uses, inside the page (the class report, the
  feedback pages: single files mailed or opened anywhere).
"""
import base64
import hashlib
import io
import logging
import os

from .plotting import korean_font_path

FAMILY = "DLCourse Korean"
# Hangul jamo, CJK punctuation, compatibility jamo, jamo extensions, syllables, full-width
# forms: what the web font covers, and the unicode-range of its faces in fonts.css
HANGUL_RANGES = [(0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xA960, 0xA97F),
                 (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF), (0xFF00, 0xFFEF)]
FACES = {"normal": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf"}


def _source(weight="normal"):
    regular = korean_font_path()
    if regular is None:
        raise RuntimeError("Korean font not found: install the course's dependencies "
                           "(pip install -e .) so that koreanize-matplotlib is present")
    return os.path.join(os.path.dirname(regular), FACES[weight])


def woff(codepoints, weight="normal"):
    """NanumGothic (``weight`` "normal" or "bold") reduced to ``codepoints``, as WOFF bytes
    that browsers accept (no hinting, no VTT source tables)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "TSI0 dropped" and the like
    options = subset.Options()
    options.hinting = False
    options.flavor = "woff"
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG"]
    font = TTFont(_source(weight), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(set(codepoints)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def _face(src, weight="normal", ranges=None):
    unicode_range = ("" if ranges is None else "unicode-range: " + ", ".join(
        f"U+{first:04X}-{last:04X}" for first, last in ranges) + "; ")
    return (f'@font-face {{ font-family: "{FAMILY}"; src: {src} format("woff"); '
            f"font-weight: {weight}; font-display: swap; {unicode_range}}}")


def font_face_css(text):
    """``@font-face`` of :data:`FAMILY` with the glyphs of the non-ASCII characters of
    ``text`` inside (a data URL): put it in a page's style, and the family in its font
    stacks after the usual fonts."""
    data = base64.b64encode(woff(ord(c) for c in set(text) if ord(c) > 0x7F)).decode("ascii")
    return _face(f"url(data:font/woff;base64,{data})")


def lab_fonts_css():
    """The ``@font-face`` rules of the faces in :func:`lab_font_dir`: each weight's WOFF by a
    relative URL, for Hangul only (:data:`HANGUL_RANGES`), so that Latin letters and code
    keep the usual fonts."""
    return "\n".join(_face(f'url("{_woff_name(weight)}")', weight, HANGUL_RANGES)
                     for weight in FACES) + "\n"


def lab_font_dir(cache=None):
    """A folder with ``NanumGothic.woff`` and ``NanumGothicBold.woff`` (the Hangul ranges),
    made on first use (a few seconds) and again only when the source fonts change, and
    ``fonts.css`` (:func:`lab_fonts_css`), written each time."""
    if cache is None:
        from jupyter_core.paths import jupyter_data_dir

        cache = os.path.join(jupyter_data_dir(), "dlcourse", "fonts")
    stamp = hashlib.sha256()
    for weight in FACES:
        info = os.stat(_source(weight))
        stamp.update(f"{FACES[weight]}:{info.st_size}:{info.st_mtime_ns};".encode())
    folder = os.path.join(cache, stamp.hexdigest()[:16])
    os.makedirs(folder, exist_ok=True)
    codepoints = [c for first, last in HANGUL_RANGES for c in range(first, last + 1)]
    for weight in FACES:
        if not os.path.exists(os.path.join(folder, _woff_name(weight))):
            _write(os.path.join(folder, _woff_name(weight)), woff(codepoints, weight))
    _write(os.path.join(folder, "fonts.css"), lab_fonts_css().encode("utf-8"))
    return folder


def _write(target, data):
    partial = f"{target}.{os.getpid()}.part"
    with open(partial, "wb") as f:
        f.write(data)
    os.replace(partial, target)  # two servers starting at once both end up whole


def _woff_name(weight):
    return FACES[weight].replace(".ttf", ".woff")
