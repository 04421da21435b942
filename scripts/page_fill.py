#!/usr/bin/env python3
"""Page fill from rendered pixels: for each page of a PDF built with the sample layout
(A4, margins 20/22/14/12 mm, three 58 mm columns), how far down each column is inked, as a
share of the type area depth. Needs pdftoppm and Pillow. Usage: scripts/page_fill.py FILE.pdf"""
import sys, subprocess, tempfile, os, glob
from PIL import Image
pdf=sys.argv[1]; dpi=40
d=tempfile.mkdtemp()
subprocess.run(["pdftoppm","-r",str(dpi),"-gray",pdf,d+"/p"],check=True)
mm=dpi/25.4; off=15*mm  # slug+bleed
res=[]
for f in sorted(glob.glob(d+"/p-*.pgm")):
    n=int(f.split("-")[-1].split(".")[0]); im=Image.open(f); px=im.load()
    right = n%2==1
    x0 = off+(14 if right else 12)*mm; top=off+20*mm; h=255*mm; w=184*mm; cw=58*mm; g=5*mm
    cols=[]
    for c in range(3):
        cx0=int(x0+c*(cw+g)); cx1=int(x0+c*(cw+g)+cw)
        low=None
        for y in range(int(top+h),int(top)-1,-1):
            if any(px[x,y]<200 for x in range(cx0,cx1)): low=y;break
        cols.append(0 if low is None else (low-top)/h)
    res.append((n,cols))
    print(n, " ".join("%.2f"%c for c in cols), "fill=%.2f"%(sum(cols)/3))
