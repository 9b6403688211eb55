filedesc://pages.arc 0.0.0.0 20080430204825 text/plain 76
1 0 HandmadeFixture
URL IP-address Archive-date Content-type Archive-length

dns:gazette.example 192.0.2.7 20080430204825 text/dns 51
20080430204825
gazette.example. 300 IN A 192.0.2.7

http://gazette.example/orchard 192.0.2.7 20080430204826 text/html 1162
HTTP/1.1 200 OK
Content-Type: text/html

<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Orchard growers count the cost of a late frost | The Harbour Gazette</title>
<meta property="og:site_name" content="The Harbour Gazette">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Orchard growers count the cost of a late frost</h1><p class="byline">By Mara Lindqvist</p>
<p>Apple growers in the valley lost a large part of their blossom to a frost that came three weeks later than anyone could remember, and some expect a harvest of less than half the usual size.</p>
<p>Several farms lit small fires between the rows through the coldest night, a method their grandparents used, but the wind carried most of the warmth away before it could reach the trees.</p>
<p>The growers' association will ask the regional council for help with the cost of replanting, and has started a list of the varieties that came through the cold with the least damage.</p>
</article>
<footer><p>Copyright 2024 The Harbour Gazette. All rights reserved.</p></footer>
</body></html>

http://gazette.example/logo.png 192.0.2.7 20080430204827 image/png 61
HTTP/1.1 200 OK
Content-Type: image/png

‰PNG not an image
