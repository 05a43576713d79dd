# Test images for the media tests (sourced): made here with ImageMagick,
# exiftool and python3, never taken from elsewhere.
# make_media_tree DIR: a small community whose records use
#   media/2024/photo.jpg   4000x3000 JPEG, EXIF orientation 6 (shown
#                          portrait), GPS position, camera make and model,
#                          an XMP creator and a comment
#   media/2024/合影 1.png  800x600 PNG (a name with a space and CJK)
#   media/2024/trunc.jpg   a JPEG cut short
#   media/2024/bomb.png    the header of a 30000x30000 PNG
#   media/2024/fake.jpg    text named .jpg
#   media/2024/evil.svg    an SVG with a script and an onload handler
#   media/2024/ok.pdf      a PDF a story links to
#   media/page.html        an HTML file a story links to
# and, used by nothing: media/roster.xlsx and media/notes.txt.
make_media_tree() {
	local c=$1
	mkdir -p "$c/teams" "$c/activities" "$c/stories/2024" "$c/media/2024"
	cat >"$c/site.yaml" <<'YAML'
name: 图片社区
language: zh-CN
YAML
	printf 'id: t\nname: 测试队\nkind: service\n' >"$c/teams/t.yaml"
	cat >"$c/activities/2024.yaml" <<'YAML'
- id: pics
  title: 照片活动
  date: 2024-05-01
  teams: [t]
  photos:
    - {src: media/2024/photo.jpg, caption: 手机拍的照片}
    - media/2024/合影 1.png
    - media/2024/evil.svg
    - media/2024/trunc.jpg
    - media/2024/bomb.png
    - media/2024/fake.jpg
YAML
	cat >"$c/stories/2024/s.md" <<'MD'
---
title: 图文故事
date: 2024-05-02
id: s
---

故事里的照片：![合影](../../media/2024/合影%201.png)

请看[通知](../../media/2024/ok.pdf)和[网页](../../media/page.html)，还有[丢失的](missing.pdf)。
MD
	convert -size 4000x3000 gradient:'#c04000-#2040c0' -quality 90 \
		"$c/media/2024/photo.jpg"
	exiftool -q -overwrite_original -n -Orientation=6 \
		-GPSLatitude=30.58 -GPSLatitudeRef=N -GPSLongitude=114.29 \
		-GPSLongitudeRef=E -Make=Apple -Model='iPhone 13' \
		-XMP:Creator='A Resident' -Comment='home' "$c/media/2024/photo.jpg"
	convert -size 800x600 gradient:green-yellow "$c/media/2024/合影 1.png"
	head -c 20000 "$c/media/2024/photo.jpg" >"$c/media/2024/trunc.jpg"
	/usr/bin/python3 - "$c/media/2024/bomb.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
raw = zlib.compress(b'\0' * (1 + 30000 * 3) * 64, 9)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' +
    chunk(b'IHDR', struct.pack('>IIBBBBB', 30000, 30000, 8, 2, 0, 0, 0)) +
    chunk(b'IDAT', raw) + chunk(b'IEND', b''))
PY
	echo 'not a photo' >"$c/media/2024/fake.jpg"
	cat >"$c/media/2024/evil.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" onload="alert(1)">
<script>alert(document.cookie)</script>
<rect width="400" height="300" fill="#3060c0"/>
<a href="javascript:alert(3)"><text x="20" y="150">hi</text></a>
</svg>
SVG
	printf '%%PDF-1.4\n%%%%EOF\n' >"$c/media/2024/ok.pdf"
	printf '<html><script>alert(1)</script></html>\n' >"$c/media/page.html"
	printf 'PK\003\004 a roster: 张三 13800000000\n' >"$c/media/roster.xlsx"
	printf '名单 13800000000\n' >"$c/media/notes.txt"
}
