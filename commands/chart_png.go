package commands

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
)

// A chart's PNG is written here rather than by image/png: for an RGBA
// image that encoder tries all five row filters on every row to pick
// one, which was a third of the time of drawing a year's chart. A chart
// is flat colour with horizontal lines, so every row is filtered "Up"
// (each byte less the one above it), which compresses about as well.
// The pixels are the same as image/png writes: 8-bit RGBA, not
// premultiplied by alpha.

// chartDeflaters keeps zlib writers for reuse: a fresh one allocates
// hundreds of kilobytes.
var chartDeflaters = freeList[*zlib.Writer]{new: func() *zlib.Writer {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return w
}, free: make(chan *zlib.Writer, 2)}

// chartRows keeps the two rows (this one filtered, the one above) an
// encoding needs.
var chartRows = freeList[*[2][]byte]{new: func() *[2][]byte { return new([2][]byte) }, free: make(chan *[2][]byte, 2)}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// encodeChartPNG appends img as a PNG to buf.
func encodeChartPNG(buf *bytes.Buffer, img *image.RGBA) error {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	buf.Write(pngSignature)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 6 // 8 bits a sample, RGBA; compression, filter, interlace 0
	writePNGChunk(buf, "IHDR", ihdr[:])

	// IDAT is compressed straight into buf after a placeholder for its
	// length, which is filled in when the compressed size is known.
	start := buf.Len()
	buf.Write([]byte{0, 0, 0, 0, 'I', 'D', 'A', 'T'})
	zw := chartDeflaters.get()
	defer chartDeflaters.put(zw)
	zw.Reset(buf)
	rows := chartRows.get()
	defer chartRows.put(rows)
	n := 1 + 4*w
	for i := range rows {
		if cap(rows[i]) < n {
			rows[i] = make([]byte, n)
		}
		rows[i] = rows[i][:n]
	}
	cur, prev := rows[0], rows[1]
	clear(prev)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		unpremultiplyRow(cur[1:], img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)])
		// Filter "Up" in place, keeping the raw row for the next one: the
		// raw row goes to prev, the filtered bytes to cur.
		cur[0] = 2
		for i := 1; i < n; i++ {
			cur[i], prev[i] = cur[i]-prev[i], cur[i]
		}
		if _, err := zw.Write(cur); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	data := buf.Bytes()[start:]
	binary.BigEndian.PutUint32(data[0:], uint32(len(data)-8))
	var crc [4]byte
	binary.BigEndian.PutUint32(crc[:], crc32.ChecksumIEEE(data[4:]))
	buf.Write(crc[:])
	writePNGChunk(buf, "IEND", nil)
	return nil
}

// unpremultiplyRow converts premultiplied RGBA pixels to PNG's straight
// alpha, exactly as image/png does.
func unpremultiplyRow(dst, src []byte) {
	for ; len(src) >= 4; dst, src = dst[4:], src[4:] {
		d, s := (*[4]byte)(dst), (*[4]byte)(src)
		switch s[3] {
		case 0:
			*d = [4]byte{}
		case 0xff:
			*d = *s
		default:
			const m = 0x101 * 0xffff
			a := uint32(s[3]) * 0x101
			d[0] = uint8((uint32(s[0]) * m / a) >> 8)
			d[1] = uint8((uint32(s[1]) * m / a) >> 8)
			d[2] = uint8((uint32(s[2]) * m / a) >> 8)
			d[3] = s[3]
		}
	}
}

func writePNGChunk(buf *bytes.Buffer, typ string, data []byte) {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	buf.Write(head[:])
	buf.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.Update(crc32.ChecksumIEEE(head[4:]), crc32.IEEETable, data))
	buf.Write(sum[:])
}
