# CPU and RSS per camera against N from bench/sweep.sh's CSV (columns: fleet,cameras,seconds,cpu_percent_per_camera,
# rss_mb_total,rss_mb_per_camera,...). Usage: gnuplot -e "csv='sweep.csv'; png='sweep.png'" bench/sweep.gnuplot
set terminal pngcairo size 1100,450 font ",10"
set output png
set datafile separator ","
set key top right
set logscale x
set xlabel "cameras recorded at once (N)"
set grid
set multiplot layout 1,2 title "nvr load sweep: appliance vs ffmpeg-per-camera, 720p25 H.264 + AAC, 2-core VM"
set ylabel "CPU, % of one core per camera"
plot "< grep ^appliance, ".csv using 2:4 with linespoints lw 2 pt 7 title "appliance", \
     "< grep ^ffmpeg, ".csv using 2:4 with linespoints lw 2 pt 5 title "ffmpeg-per-camera"
set ylabel "RSS per camera, MB"
set logscale y
plot "< grep ^appliance, ".csv using 2:6 with linespoints lw 2 pt 7 title "appliance", \
     "< grep ^ffmpeg, ".csv using 2:6 with linespoints lw 2 pt 5 title "ffmpeg-per-camera"
unset multiplot
